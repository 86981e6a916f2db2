/*
 * The briefing's search worker, in place of Material's (see theme/main.html): Material's
 * search box and result list, answered by Pagefind.
 *
 * Pagefind (the site's pagefind/ folder, written at the end of every build in shards that
 * this worker merges) splits its index into chunks by word range, so a query downloads only
 * the chunks of its words, whatever the size of the archive. Nothing of it loads with a page: Pagefind's script is
 * imported on the first query, and the page's own `search_index.json` holds no documents.
 *
 * It speaks Material's worker protocol, so Material's search box, result list and
 * highlighting work unchanged: SETUP is answered with READY at once, each QUERY (the text
 * typed) with a RESULT of `{items: SearchItem[][]}`, one list per page, best pages first,
 * each page with its title, its outlet and date, and Pagefind's excerpt with the words
 * marked. The words found go into the result's link (`?h=`), and Material marks them in
 * the page opened.
 *
 * What a query means is Pagefind's: words match words they begin, after stemming
 * ("elections" finds "election"), "a phrase" matches the phrase. `+word` is a word as
 * any other; `-word` leaves out the pages that have a word beginning with it.
 */

"use strict"

/** Material's message types (`SearchMessageType`). */
const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3

/** Pages shown for a query, each with its excerpt: Material's list shows ten at a time,
 *  and each page's excerpt is one more download (a few kilobytes). */
const PAGES_SHOWN = 20

/** Queries shorter than this are answered only once the reader stops typing for
 *  `SHORT_QUERY_WAIT_MS`: "u" and "uk" while typing "ukraine" would each load, from every
 *  shard, the chunks of all the words they begin (at 10,000 articles, 30 chunks of 26 KB
 *  for one word typed, instead of about one a shard). */
const SHORT_QUERY = 3
const SHORT_QUERY_WAIT_MS = 300

/** What every shard is told: the words in each result's excerpt. */
const SHARD_OPTIONS = { excerptLength: 24 }

/** Pages looked at for a query, best first: a page is shown only once its text confirms the
 *  match, and those with a word exactly as typed first. Each is one small download (57 of
 *  them, 215 KB, for a first search at 10,000 articles). */
const PAGES_CHECKED = 60

/** Pagefind's module, once the first query has loaded it and merged every shard's index.
 *  The index sits at the site's root, two folders above this script, wherever the site is
 *  published: `pagefind/shards.json` lists its shards (see builder/mkdocs/search_shards.py). */
let pagefind = null

/** The newest query not answered yet: keys come faster than answers, and only the newest matters. */
let pending = null
let busy = false

addEventListener("message", event => {
  const message = event.data
  if (message.type === SETUP) {
    postMessage({ type: READY })
  } else if (message.type === QUERY) {
    pending = message.data
    if (!busy)
      answer()
  }
})

async function answer() {
  busy = true
  while (pending !== null) {
    const query = pending
    pending = null
    if (query.trim().length < SHORT_QUERY) {
      await new Promise(resolve => setTimeout(resolve, SHORT_QUERY_WAIT_MS))
      if (pending !== null)  // the reader typed on: this was the start of a longer word
        continue
    }
    let items = []
    try {
      items = await search(query)
    } catch (error) {
      console.warn(`Search failed for ${JSON.stringify(query)}`, error)
    }
    if (pending === null)
      postMessage({ type: RESULT, data: { items } })
  }
  busy = false
}

/** Pagefind imported from the first shard, which holds its script and WebAssembly; the other
 *  shards merged into it (each adds its metadata, then the chunks and fragments a query needs). */
function loaded() {
  if (pagefind === null)
    pagefind = (async () => {
      const root = new URL("../../pagefind/", self.location.href)
      const listed = await fetch(new URL("shards.json", root))
      if (!listed.ok)
        throw new Error(`no search index at ${root} (${listed.status})`)
      const [first, ...others] = (await listed.json()).shards
      const module = await import(new URL(`${first}/pagefind.js`, root).href)
      await module.options(SHARD_OPTIONS)
      await module.init()
      await Promise.all(others.map(shard => module.mergeIndex(new URL(`${shard}/`, root).href, SHARD_OPTIONS)))
      return module
    })()
  return pagefind
}

/** The query split into what Pagefind is asked, the words to mark and the words to leave out. */
function parsed(query) {
  const asked = [], words = [], without = []
  for (const token of query.match(/[+-]?"[^"]*"?|[+-]?[^\s"]+/g) || []) {
    const bare = token.replace(/^[+-]/, "")
    const parts = bare.replace(/"/g, " ").split(/[\s\-]+/).filter(Boolean)
    if (token.startsWith("-") && parts.length)
      without.push(...parts.map(part => part.toLowerCase()))
    else if (parts.length) {
      asked.push(bare)
      words.push(...parts.map(part => part.toLowerCase()))
    }
  }
  return { asked: asked.join(" "), words, without }
}

async function search(query) {
  const { asked, words, without } = parsed(query)
  if (asked.trim() === "")
    return []
  const module = await loaded()
  const found = await module.search(asked)
  if (found === null)  // Pagefind answers a newer query instead (it debounces)
    return []
  const terms = Object.fromEntries(words.map(word => [word, true]))
  const excluded = without.map(word => new RegExp(`(^|[^\\p{L}\\p{N}])${escapedPattern(word)}`, "iu"))
  const checked = found.results.slice(0, PAGES_CHECKED)
  const pages = await Promise.all(checked.map(result => result.data()))
  if (pending !== null)  // a newer query is waiting: this answer would not be shown
    return []
  const kept = []
  pages.forEach((page, index) => {
    const matched = matchedWords(page)
    if (typedIn(matched, words) && !excluded.some(pattern => pattern.test(page.content)))
      kept.push({ page, score: checked[index].score, exact: words.filter(word => matched.includes(word)).length })
  })
  // Pages with a word exactly as typed first, each group in Pagefind's order: shards score
  // their pages apart, so a page with the rare word typed ("weighted") could trail pages of
  // its stem ("weight") from a shard where that stem is rarer.
  kept.sort((one, other) => other.exact - one.exact)
  return kept.slice(0, PAGES_SHOWN).map(({ page, score }) => [item(page, score, terms, words)])
}

/** The words of the page that Pagefind matched, in lower case without punctuation. */
function matchedWords(page) {
  const text = page.raw_content || page.content
  const split = text.includes("\u200B") ? text.split("\u200B") : text.split(/[\r\n\s]+/g)  // as Pagefind counts words
  return (page.locations || []).map(location => (split[location] || "").toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""))
}

/** Whether a word of the page that Pagefind matched (`matched`) shares at least half of a word typed.
 *
 *  Each shard answers on its own, and a shard that has no word beginning with the one typed
 *  answers with the longest of its words that the typed one begins with ("s" for "smelled"),
 *  ranked as if it were that word. One index of the whole site rarely lacks the word; a shard
 *  often does, and such pages took the top places (3 of 12 deep words found in the top 10 at
 *  3,000 articles). Stemming stays: "smelling" shares "smell" with "smelled", "run" half of
 *  "running". A page whose match Pagefind did not place in its text is kept. */
function typedIn(matched, words) {
  if (words.length === 0 || matched.length === 0)
    return true
  return words.some(word => matched.some(found => sharedStart(found, word) >= Math.min(word.length, Math.max(2, Math.floor(word.length / 2)))))
}

function sharedStart(one, other) {
  let length = 0
  while (length < one.length && length < other.length && one[length] === other[length])
    length++
  return length
}

/** A `SearchItem` document: title and text are HTML, which Material shows as they are. */
function item(page, score, terms, words) {
  const meta = page.meta || {}
  const about = [meta.outlet, meta.date].filter(Boolean).map(escaped).join(" · ")
  const text = (about ? `<p class="briefing-search-about">${about}</p>` : "") + `<p>${page.excerpt}</p>`
  return { location: page.url, title: marked(escaped(meta.title || page.url), words), text, score, terms }
}

function escaped(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
}

function escapedPattern(word) {
  return escaped(word).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
}

/** Escaped `html` with each word that begins with one of `words` in `<mark>`. */
function marked(html, words) {
  if (words.length === 0)
    return html
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}&#])(${words.map(escapedPattern).join("|")})`, "giu")
  return html.replace(pattern, "$1<mark>$2</mark>")
}
