/*
 * The briefing's search worker, in place of Material's (see theme/main.html).
 *
 * Material's worker builds a Lunr index of every document when the page opens: with
 * 10,000 articles (a 9 MB index) that took 3 to 6 seconds in headless Chromium before the
 * first result could show. This worker builds no index. It keeps the documents, joins
 * their titles and texts into one lower-case string (about 0.15 s for those 9 MB), and
 * answers a query by scanning that string once per term (tens of milliseconds).
 *
 * It speaks Material's worker protocol, so Material's search box, result list and
 * highlighting work unchanged: SETUP (the parsed search_index.json) is answered with
 * READY, each QUERY (the text typed) with a RESULT of `{items: SearchItem[][]}`, one
 * list of documents per page, best pages first.
 *
 * What a query means: words separated by spaces or hyphens; each word matches words that
 * start with it, in any case ("hostage" finds "Hostages"); an English plural "s" is
 * dropped first, so "elections" finds "election". `+word` must occur, `-word` must not,
 * "a phrase" makes each of its words required. Pages matching more of the words, and in
 * their titles, rank first.
 */

"use strict"

/** Material's message types (`SearchMessageType`). */
const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3

/** A match in a title counts this many times a match in the text. */
const TITLE_WEIGHT = 5

/** Only the best pages come back with their sections and their words marked: the result
 *  list shows ten at a time, and marking and copying every match of a one-letter query
 *  would cost more than the search. Further pages come back as their title and link. */
const PAGES_WITH_TEXT = 100

/** Index of every document's searchable text, built once at SETUP. */
let corpus = null

/** The query waiting to be answered: only the newest is, as keys come faster than answers. */
let pending = null

addEventListener("message", event => {
  const message = event.data
  if (message.type === SETUP) {
    corpus = setup(message.data)
    postMessage({ type: READY })
  } else if (message.type === QUERY) {
    if (pending === null)
      setTimeout(answer, 0)
    pending = message.data
  }
})

function answer() {
  const query = pending
  pending = null
  let items = []
  try {
    items = search(corpus, query)
  } catch (error) {
    console.warn(`Search failed for ${JSON.stringify(query)}`, error)
  }
  postMessage({ type: RESULT, data: { items } })
}

/* --- setup --------------------------------------------------------------------------- */

/**
 * The documents as one lower-case string to scan, with where each field starts.
 *
 * Tags and character references are blanked out (same length, so an offset in the
 * scanned string is an offset in the document's HTML): a word never matches inside
 * markup, and highlighting never splits `&amp;`.
 */
function setup({ config, docs }) {
  const pages = new Map()
  for (const doc of docs) {
    const [path] = doc.location.split("#")
    const page = pages.get(path)
    if (page === undefined)
      pages.set(path, doc)
    else
      doc.parent = page
  }
  const fields = Object.keys(config.fields).filter(name => name === "title" || name === "text")
  const parts = []
  const starts = []
  const owners = []
  let offset = 0
  docs.forEach((doc, index) => {
    for (const field of fields) {
      const value = doc[field]
      if (typeof value !== "string" || value === "")
        continue
      const part = lowered(blanked(value))
      parts.push(part)
      starts.push(offset)
      owners.push(index * 2 + (field === "title" ? 0 : 1))
      offset += part.length + 1
    }
  })
  return {
    docs,
    english: config.lang.includes("en"),
    text: parts.join("\n"),
    starts: Int32Array.from(starts),
    owners: Int32Array.from(owners)
  }
}

function blanked(html) {
  return html.replace(/<[^>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, markup => " ".repeat(markup.length))
}

/** Lower case, letter by letter where a letter would lower to more (such as "İ", kept as is),
 *  so that offsets stay those of the HTML. */
function lowered(text) {
  const lower = text.toLowerCase()
  if (lower.length === text.length)
    return lower
  return text.replace(/[^\0-\x7f]|[A-Z]+/g, letters => {
    const one = letters.toLowerCase()
    return one.length === letters.length ? one : letters
  })
}

/* --- query --------------------------------------------------------------------------- */

/** The query's terms: `{word, required, prohibited}`, at most once each. */
function terms(query, english) {
  const phrases = query.split(/"([^"]*)"/)
  const words = []
  phrases.forEach((part, index) => {
    for (const token of part.split(/\s+/)) {
      const required = index % 2 === 1 || token.startsWith("+")
      const prohibited = !required && token.startsWith("-")
      for (const piece of token.replace(/^[+-]+/, "").split(/-+/)) {
        const word = piece.replace(/[*^~:]+/g, "").toLowerCase()
        if (word !== "")
          words.push({ word, required, prohibited })
      }
    }
  })
  const seen = new Map()
  for (const term of words) {
    const known = seen.get(term.word)
    if (known === undefined)
      seen.set(term.word, { ...term, pattern: pattern(term.word, english) })
    else
      known.required = known.required || term.required
  }
  return [...seen.values()]
}

/** A term matches words starting with it; Chinese and Japanese have no spaces between words. */
function pattern(word, english) {
  let stem = word
  if (english && stem.length > 3 && /[^s]s$/.test(stem))
    stem = stem.slice(0, -1)
  const escaped = stem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  const start = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u.test(stem) ? "" : "(?<![\\p{L}\\p{N}_])"
  return new RegExp(start + escaped, "gu")
}

/** How often the term occurs in each document's title (`counts[2 * doc]`) and text
 *  (`counts[2 * doc + 1]`), and which documents have it, in order. */
function occurrences(corpus, term) {
  const { text, starts, owners } = corpus
  const counts = new Uint16Array(corpus.docs.length * 2)
  const docs = []
  term.pattern.lastIndex = 0
  let match
  let part = 0
  while ((match = term.pattern.exec(text)) !== null) {
    if (match[0] === "")
      term.pattern.lastIndex++
    while (part + 1 < starts.length && starts[part + 1] <= match.index)
      part++
    const owner = owners[part]
    if (counts[owner & ~1] === 0 && counts[owner | 1] === 0)
      docs.push(owner >> 1)
    if (counts[owner] < 65535)
      counts[owner]++
  }
  return { counts, docs }
}

/**
 * Material's result: one list of documents per page, pages by their best document.
 *
 * A document's score sums, over the terms it has, the term's rarity times its matches
 * (title matches weigh more, repeated matches less); then, as Material does, it is raised
 * for a page's own document and for having more of the query's terms.
 */
function search(corpus, query) {
  const wanted = terms(query, corpus.english)
  const searched = wanted.filter(term => !term.prohibited)
  if (searched.length === 0)
    return []
  const total = corpus.docs.length
  const scores = new Float64Array(total)
  const has = new Uint32Array(total)  // bit i: has the i-th searched term (the first 32)
  const excluded = new Set()
  const found = []
  for (const term of wanted) {
    const { counts, docs } = occurrences(corpus, term)
    if (term.prohibited) {
      for (const doc of docs)
        excluded.add(corpus.docs[doc].location.split("#")[0])
      continue
    }
    const bit = 1 << (searched.indexOf(term) % 32)
    const rarity = Math.log(1 + total / Math.max(docs.length, 1))
    for (const doc of docs) {
      if (has[doc] === 0)
        found.push(doc)
      has[doc] |= bit
      const weight = TITLE_WEIGHT * Math.log2(1 + counts[2 * doc]) + Math.log2(1 + counts[2 * doc + 1])
      scores[doc] += rarity * weight
    }
  }
  const required = searched.reduce((bits, term, index) => term.required ? bits | 1 << (index % 32) : bits, 0)
  const results = []
  for (const index of found) {
    const doc = corpus.docs[index]
    if ((has[index] & required) !== required || excluded.has(doc.location.split("#")[0]))
      continue
    const present = bitCount(has[index]) / searched.length
    const boost = +!doc.parent + present
    results.push({ doc, index, score: scores[index] * (1 + boost ** 2), has: has[index] })
  }
  results.sort((a, b) => b.score - a.score || a.index - b.index)
  return grouped(results, searched)
}

function bitCount(bits) {
  let count = 0
  for (; bits; bits &= bits - 1)
    count++
  return count
}

/** Results grouped by page, each group with the page's own document. */
function grouped(results, searched) {
  const groups = new Map()
  for (const result of results) {
    const page = result.doc.parent || result.doc
    let group = groups.get(page)
    if (group === undefined)
      groups.set(page, group = [])
    group.push(result)
  }
  const items = []
  for (const [page, group] of groups) {
    if (items.length >= PAGES_WITH_TEXT) {
      items.push([{ location: page.location, title: page.title, text: "", score: group[0].score,
                    terms: presence(searched, group[0].has) }])
      continue
    }
    // A page found only through a section still links to the page; its link carries the
    // section's words, so that the page opened highlights them.
    if (!group.some(result => result.doc === page))
      group.push({ doc: page, score: 0, has: group[0].has })
    items.push(group.map(result => item(result, searched)))
  }
  return items
}

/** Which of the searched words a document has, as Material's `terms`. */
function presence(searched, has) {
  const terms = {}
  searched.forEach((term, index) => { terms[term.word] = (has & 1 << (index % 32)) !== 0 })
  return terms
}

/** A `SearchItem`: the document with its matches marked, its score and its terms. */
function item({ doc, score, has }, searched) {
  const terms = presence(searched, has)
  const patterns = searched.filter(term => terms[term.word]).map(term => term.pattern)
  const found = { location: doc.location, title: marked(doc.title, patterns, true),
                  text: marked(doc.text, patterns, false), score, terms }
  if (doc.parent)
    found.parent = { location: doc.parent.location, title: doc.parent.title, text: "" }
  return found
}

/**
 * `html` with each match in `<mark>`; with `whole` false, as Material does for texts,
 * only the first two runs of text (between tags) that hold a match, without their tags.
 */
function marked(html, patterns, whole) {
  if (typeof html !== "string" || html === "" || patterns.length === 0)
    return html
  const scanned = lowered(blanked(html))
  const ranges = []
  for (const pattern of patterns) {
    pattern.lastIndex = 0
    let match
    while ((match = pattern.exec(scanned)) !== null) {
      if (match[0] === "") {
        pattern.lastIndex++
        continue
      }
      ranges.push([match.index, match.index + match[0].length])
    }
  }
  if (ranges.length === 0)
    return html
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const spans = []
  for (const range of ranges)
    if (spans.length === 0 || range[0] >= spans[spans.length - 1][1])
      spans.push(range)
  if (whole)
    return wrapped(html, 0, html.length, spans)
  const runs = []
  for (const [from] of spans) {
    const start = html.lastIndexOf(">", from) + 1
    const next = html.indexOf("<", from)
    const end = next === -1 ? html.length : next
    if (runs.length && runs[runs.length - 1][0] === start)
      continue
    runs.push([start, end])
    if (runs.length === 2)
      break
  }
  return runs.map(([start, end]) => wrapped(html, start, end, spans)).join(" ")
}

function wrapped(html, start, end, spans) {
  let out = ""
  let cursor = start
  for (const [from, to] of spans) {
    if (from < start || to > end)
      continue
    out += html.slice(cursor, from) + "<mark>" + html.slice(from, to) + "</mark>"
    cursor = to
  }
  return out + html.slice(cursor, end)
}
