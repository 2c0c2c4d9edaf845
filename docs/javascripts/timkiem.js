// Vietnamese search behind Material's own search box (see ARCHITECTURE.md, "Tìm kiếm").
// Material's search worker is replaced by an engine speaking its messages, which loads only the
// index shards a query needs (camnang/searchindex.py). A query is made NFC; each word is looked
// up folded (no diacritics, đ = d), its exact spellings in either tone placement rank first.
// Previews keep the original text; words found only through folding are marked too.
// fold/newTones/oldTones mirror camnang/search.py; a browser test compares the two.
(function () {
  "use strict";
  var MARKS = /[\u0300-\u036f]/g;
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  var PAIR = /^(\p{L}*?)(oa|oe|uy)$/iu;
  var WORD = /[\p{L}\p{N}_]+/gu;
  var separator = /[\s\-]+/;

  function fold(text) {
    return text.normalize("NFD").replace(MARKS, "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFC");
  }

  function retone(word, second) {
    var decomposed = word.normalize("NFD");
    var tones = decomposed.match(TONES);
    if (!tones || tones.length !== 1) return word;
    var base = decomposed.replace(TONES, "").normalize("NFC");
    var match = PAIR.exec(base);
    if (!match) return word;
    var onset = match[1].toLowerCase();
    if (/[aăâeêioôơuưy]/.test(onset) || (match[2].toLowerCase() === "uy" && /q$/.test(onset))) return word;
    var at = match[1].length + 1 + (second ? 1 : 0);
    return (base.slice(0, at) + tones[0] + base.slice(at)).normalize("NFC");
  }

  function newTones(text) {
    return text.normalize("NFC").replace(WORD, function (w) { return retone(w, false); });
  }

  function oldTones(text) {
    return text.normalize("NFC").replace(WORD, function (w) { return retone(w, true); });
  }

  function unique(list) {
    return list.filter(function (item, i) { return item && list.indexOf(item) === i; });
  }

  function pieces(text) {
    return text.split(separator).filter(Boolean);
  }

  function markFolded(html, keys, cache) {
    if (typeof html !== "string" || !keys.length) return html;
    cache = cache || Object.create(null); // words such as "constructor" are no properties here
    var inside = 0;
    return html.split(/(<[^>]*>)/).map(function (part, i) {
      if (i % 2) {
        if (/^<mark\b/i.test(part)) inside++;
        else if (/^<\/mark>/i.test(part)) inside--;
        return part;
      }
      if (inside > 0) return part;
      return part.replace(/&[#\w]+;|[\p{L}\p{N}]+/gu, function (w) {
        if (w[0] === "&") return w;
        if (!(w in cache)) {
          var key = fold(w).toLowerCase();
          cache[w] = keys.some(function (k) { return key === k.key || (k.prefix && key.indexOf(k.key) === 0); });
        }
        return cache[w] ? "<mark>" + w + "</mark>" : w;
      }).replace(/<\/mark>([ \u00a0]+)<mark>/g, "$1"); // words marked side by side: one mark (a pasted
      // sentence otherwise makes a mark per word, hundreds in a result list for a phone to lay out)
    }).join("");
  }

  // The keys to mark: {key, prefix}, as the query matched them (only the word being typed by prefix).
  function foldedKeys(words) {
    return words.map(function (w) { return { key: w.key, prefix: w.prefix }; });
  }

  // Text as the ranking compares it: no tags, folded, lower case, words separated by one space.
  function plain(html) {
    return fold(String(html || "").replace(/<[^>]*>/g, " ")).toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  // lunr knows neither phrases nor title length. Pages come in tiers, each in Material's order:
  // the title is exactly what was typed (in any spelling); a document page (boosted in the index)
  // with an entry holding the typed words side by side; any other such page; the rest. Within
  // the phrase tiers, by the best entry holding the phrase.
  function rerank(items, words) {
    var typed = plain(words.map(function (w) { return w.word; }).join(" "));
    var phrase = new RegExp("(^| )" + typed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    var ranked = items.map(function (group, i) {
      var tier = 3, best = 0, side = [];
      group.forEach(function (item) {
        var title = plain(item.title);
        if (item.location.indexOf("#") < 0 && title === typed) tier = 0;
        side.push(words.length > 1 && (phrase.test(title) || phrase.test(plain(item.text))));
        if (side[side.length - 1]) {
          if (tier > 1) tier = item.boost > 1 ? 1 : 2;
          best = Math.max(best, item.score);
        }
      });
      var sections = group.slice(1).map(function (item, k) { return [item, side[k + 1] ? 1 : 0, k]; });
      sections.sort(function (a, b) { return b[1] - a[1] || a[2] - b[2]; });
      var shown = [group[0]].concat(sections.slice(0, SHOWN_SECTIONS).map(function (s) { return s[0]; }));
      return { group: shown, tier: tier, best: best, i: i };
    });
    ranked.sort(function (a, b) {
      return a.tier - b.tier || b.best - a.best || a.i - b.i;
    });
    return ranked.map(function (r) { return r.group; });
  }

  // ---- The sharded index (camnang/searchindex.py writes it under search/tk/) ----
  // Files are scripts calling camnangTimKiem.load(name, data): <script> works over http and
  // from file://, where fetch and workers are refused.
  var TEXT = 1, TITLE = 2, KEYWORD = 4;
  var MAX_PAGES = 10; // pages a query shows (what Material renders before scrolling)
  var BOOST = 1.2; // document pages, above the pages quoting them (as in the index before)
  var PREFETCH = 3; // files fetched at a time while idle: three of the browser's six connections stay free for a query
  var IDLE_MS = 500; // a pause in typing this long after an answer starts the idle prefetch
  var files = {}, root = null, pending = 0, prefetching = 0;
  var previews = {}; // page number → [location, [[anchor, title, preview], …]] (from bundles)
  // Page number → [location, {offset: [anchor, title, preview]}]: a cold page's entries that a term
  // shard carries (its key's best pages), so that results there need no bundle.
  var carried = {};
  var shown = {}; // a shard file's second statement puts its previews here: shown[name] = …

  function absorbShown() {
    Object.keys(shown).forEach(function (name) {
      var pages = shown[name];
      delete shown[name];
      Object.keys(pages).forEach(function (page) {
        var held = carried[page] || (carried[page] = [pages[page][0], {}]);
        Object.keys(pages[page][1]).forEach(function (offset) { held[1][offset] = pages[page][1][offset]; });
      });
    });
  }

  // An entry's [location of its page, [anchor, title, preview]], from a bundle or a shard.
  function entryAt(page, offset) {
    var full = previews[page], part = carried[page];
    if (full) return [full[0], full[1][offset]];
    return part && part[1][offset] ? [part[0], part[1][offset]] : null;
  }

  // Whether any preview of the page is at hand (its bundle, or entries a shard carried).
  function previewsAtHand(page) {
    return !!(previews[page] || carried[page]);
  }

  // Whether a result group renders without its bundle: its page entry and every matched one.
  function renderable(group) {
    if (previews[group.page]) return true;
    return !!entryAt(group.page, 0) && group.entries.every(function (e) { return !!entryAt(group.page, e.offset); });
  }

  function load(name, data) {
    var file = files[name] || (files[name] = {});
    if (name[0] === "p") data.forEach(function (page) { previews[page[0]] = [page[1], page[2]]; });
    file.data = data;
    (file.done || []).forEach(function (done) { done(data); });
    file.done = null;
  }

  // A file of the index, once (fetched files stay for the page's life). `low`: an idle prefetch.
  function need(name, path, low) {
    var file = files[name] || (files[name] = {});
    if (file.data !== undefined) return Promise.resolve(file.data);
    if (!file.promise) {
      file.promise = new Promise(function (resolve, reject) {
        file.done = [resolve];
        var script = document.createElement("script");
        script.src = root + path;
        script.async = true;
        if (low) script.setAttribute("fetchpriority", "low");
        script.onerror = function () { file.promise = null; reject(new Error(path)); };
        document.head.appendChild(script);
      });
    }
    return file.promise;
  }

  // After an answer, while no query waits, a few at a time: what later queries will likely need
  // (the hot pages' previews: documents, topics, models …; see prepare).
  function prefetch(index) {
    while (!pending && prefetching < PREFETCH && index.idle.length) {
      var file = index.idle.shift();
      if (file[2] && file[2].every(isLoaded)) continue; // a query loaded every shard of this pack
      prefetching++;
      need(file[0], file[1], true).then(prefetched, prefetched);
    }
    function prefetched() {
      prefetching--;
      prefetch(index);
    }
  }

  // This script is javascripts/timkiem.js of the site; the index is in search/tk/ beside it.
  var current = document.currentScript;
  root = current && current.src ? new URL("../search/tk/", current.src).href : null;

  // The index's facts derived once: entry → page, shard table, each page's score factor.
  function prepare(meta) {
    var starts = [0];
    meta.sizes.forEach(function (n, i) { starts.push(starts[i] + n); });
    var boost = new Float64Array(meta.sizes.length).fill(1); // page → BOOST for document pages, else 1
    meta.boosted.forEach(function (p) { boost[p] = BOOST; });
    separator = new RegExp(meta.separator);
    // Idle prefetch: the hot pages' previews and the shards of the most frequent words ("học",
    // "các": in most queries, with the longest postings), in turn, then a sample of cold pages'
    // previews (see byScore); a small index whole (the real handbook's is a few dozen KB), so
    // that later queries there fetch nothing.
    var idle = [], hot = meta.hot.slice(), common = meta.common.map(function (_, n) { return n; });
    var commonOf = Object.create(null); // key → its common shard ("constructor" is a word too)
    meta.common.forEach(function (keys, n) { keys.forEach(function (key) { commonOf[key] = n; }); });
    while (hot.length || common.length) {
      if (common.length) { var c = common.shift(); idle.push(["c" + c, "c/" + c + ".js"]); }
      if (hot.length) { var b = hot.shift(); idle.push(["p" + b, "p/" + b + ".js"]); }
    }
    meta.sample.forEach(function (b) { idle.push(["p" + b, "p/" + b + ".js"]); });
    // Last, the rarer words' shards in packs (a/N.js: each holds a run of t/N.js), so that later
    // queries need no round trip at all; not when the reader asked the browser to save data.
    var connection = navigator.connection, shard = 0;
    if (!(connection && connection.saveData)) (meta.packs || []).forEach(function (count, n) {
      var held = [];
      for (var k = 0; k < count; k++) held.push("t" + (shard + k));
      shard += count;
      idle.push(["a" + n, "a/" + n + ".js", held]);
    });
    if (meta.whole) meta.shards.forEach(function (_, n) { idle.unshift(["t" + n, "t/" + n + ".js"]); });
    var pageOfEntry = new Int32Array(starts[starts.length - 1]);
    for (var page = 0; page + 1 < starts.length; page++) pageOfEntry.fill(page, starts[page], starts[page + 1]);
    return { shards: meta.shards, starts: starts, boost: boost, bundle: meta.bundle, idle: idle,
             pageOfEntry: pageOfEntry, commonOf: commonOf, commonKeys: Object.keys(commonOf) };
  }

  // The files whose keys may be `key` or, for a prefix, start with it: [name, path] each.
  // A common key lies in its common shard only; other keys in the alphabetical shard whose
  // range holds them (a prefix's range may span several).
  function shardsFor(index, key, prefix) {
    var list = [], common = Object.create(null);
    if (key in index.commonOf) common[index.commonOf[key]] = true;
    if (prefix) index.commonKeys.forEach(function (k) { if (k.indexOf(key) === 0) common[index.commonOf[k]] = true; });
    Object.keys(common).forEach(function (n) { list.push(["c" + n, "c/" + n + ".js"]); });
    var first = index.shards, lo = 0, hi = first.length - 1;
    if ((!prefix && key in index.commonOf) || first[0] === "") return list; // "": every key is common
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (first[mid] <= key) lo = mid; else hi = mid - 1;
    }
    list.push(["t" + lo, "t/" + lo + ".js"]);
    for (var i = lo + 1; prefix && i < first.length && first[i].indexOf(key) === 0; i++) list.push(["t" + i, "t/" + i + ".js"]);
    return list;
  }

  // The reader's words: as typed (for "Thiếu: …" and the marks), folded key, exact spellings.
  // The word being typed (the last, when no space follows it) also matches as a prefix, if it
  // has three letters or more, so that results follow the typing; "th" would otherwise load
  // most of a national index. Words followed by a space are whole: "chi" then finds "chi", "chỉ",
  // not "chính", and a pasted sentence loads only its words' shards.
  function parse(query) {
    var words = [];
    var text = query.normalize("NFC").replace(/"/g, " ");
    text.split(/\s+/).forEach(function (token) {
      var exclude = token[0] === "-";
      pieces(token.replace(/^[+-]/, "").replace(/[:^~*]/g, " ")).forEach(function (piece) {
        var lower = piece.toLowerCase(), key = fold(lower);
        if (!/[\p{L}\p{N}]/u.test(key)) return;
        words.push({ word: piece, key: key, exact: unique([newTones(lower), lower]), prefix: false,
                     exclude: exclude });
      });
    });
    var last = words[words.length - 1];
    if (last && !last.exclude && !separator.test(text.slice(-1)) && last.key.length >= 3) last.prefix = true;
    return words;
  }

  // How well a spelling in the index answers a typed word: exactly 4, beginning with the typed
  // spelling 2, the same word once folded 1, a longer word found by folded prefix 0.2.
  function spellingFactor(word, key, spelling) {
    if (word.exact.indexOf(spelling) >= 0) return 4;
    if (word.prefix && word.exact.some(function (form) { return spelling.indexOf(form) === 0; })) return 2;
    return key === word.key ? 1 : 0.2;
  }

  // One word's matching entries: a score per entry and the entries' list, both typed arrays (no
  // map or growing array of tens of thousands of entries per frequent word, so no long garbage
  // collection on a phone).
  function Hits(total, most) {
    this.scores = new Float32Array(total);
    this.entries = new Int32Array(most);
    this.size = 0; // entries found: the first `size` of `entries`
  }
  Hits.prototype.get = function (entry) { return this.scores[entry] || undefined; };
  Hits.prototype.has = function (entry) { return this.scores[entry] > 0; };
  Hits.prototype.forEach = function (visit) {
    for (var i = 0; i < this.size; i++) visit(this.scores[this.entries[i]], this.entries[i]);
  };

  // Entry → score for one word: field weight (keywords 30, title 10, text 1) times the
  // spelling's factor; the best match of the entry counts.
  function matches(word, shards, total) {
    var runs = [], most = 0; // [factor, postings] of each spelling that answers the word
    shards.forEach(function (shard) {
      var keys = word.prefix ? Object.keys(shard) : Object.prototype.hasOwnProperty.call(shard, word.key) ? [word.key] : [];
      keys.forEach(function (key) {
        if (key !== word.key && key.indexOf(word.key) !== 0) return;
        var spellings = shard[key];
        Object.keys(spellings).forEach(function (spelling) {
          runs.push([spellingFactor(word, key, spelling), spellings[spelling]]);
          most += spellings[spelling].length;
        });
      });
    });
    var hits = new Hits(total, most), scores = hits.scores, list = hits.entries, size = 0;
    runs.forEach(function (run) {
      var factor = run[0], codes = run[1];
      for (var i = 0, entry = 0; i < codes.length; i++) { // the hot loop of a query: inlined
        var code = codes[i], weight = factor * (code & KEYWORD ? 30 : code & TITLE ? 10 : 1);
        entry += code >> 3;
        var old = scores[entry];
        if (old === 0) list[size++] = entry;
        if (weight > old) scores[entry] = weight;
      }
    });
    hits.size = size;
    return hits;
  }

  // While typing, each keystroke repeats the words before it: their entry scores are kept.
  var matchCache = new Map(), MATCH_CACHE = 32;
  function cachedMatches(word, shards, total) {
    var id = [word.key, word.prefix, word.exact.join(" ")].join("|");
    var scores = matchCache.get(id);
    if (!scores) {
      if (matchCache.size >= MATCH_CACHE) matchCache.clear();
      matchCache.set(id, scores = matches(word, shards, total));
    }
    return scores;
  }

  // The query's words as scoring takes them (`found` follows `words`: required first, then
  // excluded): the required ones with their rarity, rarest first, and the excluded ones.
  function weigh(index, words, found) {
    var total = index.starts[index.starts.length - 1], count = words.filter(function (w) { return !w.exclude; }).length;
    var required = found.slice(0, count).map(function (scores) {
      return { scores: scores, idf: Math.log(1 + total / (1 + scores.size)) };
    }).sort(function (a, b) { return a.scores.size - b.scores.size; });
    return { required: required, excluded: found.slice(count) };
  }

  // Entries holding every required word, scored by the sum of each word's score times its rarity:
  // {entries, sums, size} in typed arrays (a sentence many plans copy matches tens of thousands).
  function entryScores(weighed) {
    var required = weighed.required, rarest = required[0].scores, count = required.length;
    var arrays = required.map(function (r) { return r.scores.scores; });
    var idfs = required.map(function (r) { return r.idf; });
    var excluded = weighed.excluded.map(function (hits) { return hits.scores; });
    var entries = new Int32Array(rarest.size), sums = new Float64Array(rarest.size), size = 0;
    candidates: for (var i = 0; i < rarest.size; i++) {
      var entry = rarest.entries[i], sum = 0;
      for (var w = 0; w < count; w++) {
        var score = arrays[w][entry];
        if (score === 0) continue candidates;
        sum += score * idfs[w];
      }
      for (var x = 0; x < excluded.length; x++) if (excluded[x][entry] > 0) continue candidates;
      entries[size] = entry;
      sums[size++] = sum;
    }
    return { entries: entries, sums: sums, size: size };
  }

  // Pages holding every required word only across their sections (a plan's clause in one
  // section, its province in another), not in any one entry: ranked after the pages where one
  // entry holds them all (scores times SPREAD), each shown with its best entry for each word.
  var SPREAD = 1e-3, SPREAD_SECTIONS = 4;
  function spreadGroups(index, weighed, skip) {
    var required = weighed.required;
    var pages = new Map(); // page → each word's best [entry, score]
    required.forEach(function (word, i) {
      word.scores.forEach(function (score, entry) {
        var page = index.pageOfEntry[entry], best = pages.get(page);
        if (i === 0 && !best && !skip.has(page)) pages.set(page, best = []);
        if (!best || best.length < i) return;
        if (best.length === i) best.push([entry, score * word.idf]);
        else if (best[i][1] < score * word.idf) best[i] = [entry, score * word.idf];
      });
    });
    weighed.excluded.forEach(function (scores) {
      scores.forEach(function (_, entry) { pages.delete(index.pageOfEntry[entry]); });
    });
    var result = [];
    pages.forEach(function (best, page) {
      if (best.length < required.length) return;
      var boost = index.boost[page], sum = 0, entries = new Map();
      best.forEach(function (b) {
        sum += b[1];
        entries.set(b[0], Math.max(entries.get(b[0]) || 0, b[1]));
      });
      var shown = Array.from(entries).sort(function (a, b) { return b[1] - a[1]; }).slice(0, SPREAD_SECTIONS);
      result.push({ page: page, best: sum * SPREAD * boost, entries: shown.map(function (e) {
        return { offset: e[0] - index.starts[page], score: e[1] * SPREAD * boost };
      }) });
    });
    return byScore(result);
  }

  // A page's best RANKED matching sections are looked at (previews loaded, phrase tiers) and its
  // best SHOWN ones shown, those holding the typed words side by side first (see rerank); its own
  // entry always comes first. Ten pages with five sections each, every word highlighted, cost a
  // slow phone a quarter of a second of layout.
  var RANKED = 5, SHOWN_SECTIONS = 2;
  function trim(entries) {
    if (entries.length <= RANKED) return;
    entries.sort(function (a, b) { return (b.offset === 0) - (a.offset === 0) || b.score - a.score || a.offset - b.offset; });
    entries.length = RANKED + (entries[0].offset === 0 ? 1 : 0);
  }

  // The best pages, at most MAX_PAGES plus those tying with the last of them. Equal scores,
  // equally relevant: the pages whose previews are at hand come first (then page order), so that
  // a query whose best pages tie (a sentence many plans copy) renders from the shards it loaded,
  // without a second round trip for preview bundles. Only these pages' sections and previews are
  // looked at (a frequent word matches thousands of pages).
  function byScore(list) {
    return ranked(headOf(list));
  }

  function headOf(list) {
    list.sort(function (a, b) { return b.best - a.best || a.page - b.page; });
    var end = Math.min(list.length, MAX_PAGES);
    if (end === 0) return [];
    var tie = end - 1;
    while (tie > 0 && list[tie - 1].best === list[end - 1].best) tie--;
    while (end < list.length && list[end].best === list[end - 1].best) end++;
    // Of thousands of tying pages only those with previews at hand can come before page order,
    // and page order takes at most MAX_PAGES of the others.
    var others = 0;
    return list.slice(0, tie).concat(list.slice(tie, end).filter(function (group) {
      return previewsAtHand(group.page) || others++ < MAX_PAGES;
    }));
  }

  function ranked(head) {
    head.forEach(function (group) {
      trim(group.entries);
      group.ready = renderable(group) ? 1 : 0;
    });
    return head.sort(function (a, b) { return b.best - a.best || b.ready - a.ready || a.page - b.page; });
  }

  // Pages by their best entry, then each page's entries as Material groups them: the page
  // itself first, then its matching sections, best first. Only the best pages get an object,
  // and each keeps its RANKED best entries as they come (a sentence many plans copy matches tens
  // of thousands of entries, thousands of pages tying).
  function groups(index, found) {
    var pages = index.starts.length - 1, best = new Float64Array(pages), touched = [];
    var entries = found.entries, sums = found.sums, pageOf = index.pageOfEntry, boost = index.boost;
    for (var i = 0; i < found.size; i++) {
      var page = pageOf[entries[i]], value = sums[i] * boost[page];
      if (best[page] === 0) touched.push(page);
      if (value > best[page]) best[page] = value;
    }
    var head = headOf(touched.map(function (p) { return { page: p, best: best[p], entries: [] }; }));
    var slot = new Int32Array(pages).fill(-1);
    head.forEach(function (group, n) { slot[group.page] = n; });
    for (var k = 0; k < found.size; k++) {
      var at = pageOf[entries[k]], n = slot[at];
      if (n >= 0) keepBest(head[n].entries, { offset: entries[k] - index.starts[at], score: sums[k] * boost[at] });
    }
    return ranked(head);
  }

  // A page's entries as trim() would leave them, kept while they come: its own entry (offset 0)
  // and its RANKED best sections.
  function keepBest(list, entry) {
    list.push(entry);
    if (list.length > 4 * RANKED) trim(list);
  }

  function escape(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  function items(group, index, words) {
    var terms = Object.create(null); // a query word "__proto__" is a word
    words.forEach(function (w) { if (!w.exclude) terms[w.word] = true; });
    var byOffset = {}, offsets = [0];
    group.entries.forEach(function (e) {
      if (!(e.offset in byOffset) && e.offset !== 0) offsets.push(e.offset);
      byOffset[e.offset] = e.score;
    });
    var list = offsets.map(function (offset) {
      var found = entryAt(group.page, offset), page = found[0], entry = found[1];
      return { location: entry[0] ? page + "#" + entry[0] : page, title: entry[1], text: entry[2],
               score: byOffset[offset] || 0,
               terms: terms, boost: index.boost[group.page], offset: offset };
    });
    var sections = list.slice(1).sort(function (a, b) { return b.score - a.score || a.offset - b.offset; });
    return [list[0]].concat(sections);
  }

  // Where a query's time goes, for DevTools and scripts/bench_search.py: each mark is the last
  // query's (cleared first, so a long session keeps no trail of them).
  function mark(name) {
    performance.clearMarks(name);
    performance.mark(name);
  }

  // The best pages for the words' entry scores (`found` follows `words`), at most MAX_PAGES: those
  // where one entry holds every word, then those holding them across sections.
  function best(index, words, active, found) {
    var weighed = weigh(index, words, found);
    var top = groups(index, entryScores(weighed)).slice(0, MAX_PAGES);
    if (top.length < MAX_PAGES && active.length > 1) {
      var shownPages = new Set(top.map(function (group) { return group.page; }));
      top = top.concat(spreadGroups(index, weighed, shownPages)).slice(0, MAX_PAGES);
    }
    return top;
  }

  // The best pages up to the first whose previews are not at hand.
  function readyHead(top) {
    var ready = 0;
    while (ready < top.length && renderable(top[ready])) ready++;
    return top.slice(0, ready);
  }

  function isLoaded(name) {
    return !!files[name] && files[name].data !== undefined;
  }

  function loaded(file) {
    return isLoaded(file[0]);
  }

  // A word's files: all of them, and those holding its own key (the rest hold a prefix's longer words).
  function filesOf(index, word) {
    var all = shardsFor(index, word.key, word.prefix);
    var shard = all.filter(function (f) { return f[0][0] === "t"; })[0]; // where the key would be
    var own = word.key in index.commonOf ? "c" + index.commonOf[word.key] : shard && shard[0];
    return { all: all, own: all.filter(function (f) { return f[0] === own; }) };
  }

  // When every word's own key is at hand and only the longer words of the word being typed are
  // loading ("hoc" is a common word; "hocj…" sit in alphabetical shards), the best pages at hand
  // are answered at once: those longer words count a fifth of an exact match (spellingFactor),
  // so they seldom change the first pages; the whole list follows.
  function answerAtHand(index, plans, words, active, early) {
    var complete = plans.map(function (p) { return p.all.every(loaded); });
    if (complete.every(Boolean) || !plans.every(function (p) { return p.own.every(loaded); })) return;
    absorbShown();
    var total = index.starts[index.starts.length - 1];
    var found = plans.map(function (p, i) {
      var shards = p.all.filter(loaded).map(function (f) { return files[f[0]].data; });
      return complete[i] ? cachedMatches(p.word, shards, total) : matches(p.word, shards, total);
    });
    var head = readyHead(best(index, words, active, found));
    if (head.length) early({ words: active, items: head.map(function (group) { return items(group, index, words); }) });
  }

  // `stale()` tells when a later keystroke has sent another query: then no previews are loaded.
  // `early(result)`: first results before the whole list — the pages at hand while a typed word's
  // longer words load (answerAtHand), or, when some of the best pages wait for their preview
  // bundles, the best pages before the first of them; the whole list follows.
  function run(index, query, stale, early) {
    var words = parse(query);
    var active = words.filter(function (w) { return !w.exclude; });
    if (!active.length) return Promise.resolve({ words: words, items: [] });
    var ordered = active.concat(words.filter(function (w) { return w.exclude; }));
    var plans = ordered.map(function (word) {
      var plan = filesOf(index, word);
      plan.word = word;
      return plan;
    });
    answerAtHand(index, plans, ordered, active, early);
    return Promise.all(plans.map(function (plan) {
      return Promise.all(plan.all.map(function (file) {
        return need(file[0], file[1]);
      })).then(function (shards) { return cachedMatches(plan.word, shards, index.starts[index.starts.length - 1]); });
    })).then(function (found) {
      if (!stale()) mark("search:files"); // every word's files are in
      absorbShown(); // previews that came with the shards (see byScore)
      var top = best(index, ordered, active, found);
      // Pages whose previews came with the shards (or an earlier bundle) need no bundle.
      var missing = top.filter(function (group) { return !renderable(group); });
      var bundles = unique(missing.map(function (group) { return String(index.bundle[group.page]); })).map(function (b) {
        return need("p" + b, "p/" + b + ".js");
      });
      // While typing, a prefix's best pages are mostly the final query's: their previews are
      // fetched all the same, without waiting for them.
      if (stale()) {
        bundles.forEach(function (loading) { loading.catch(function () {}); });
        return [];
      }
      var head = readyHead(top);
      if (bundles.length && head.length) {
        early({ words: active, items: head.map(function (group) { return items(group, index, ordered); }) });
      }
      return Promise.all(bundles).then(function () {
        return top.map(function (group) { return items(group, index, ordered); });
      });
    }).then(function (list) { return { words: active, items: list }; });
  }

  // Marks on the words matching the query (any spelling; HTML-escaped text, tags untouched).
  function highlight(result) {
    var keys = foldedKeys(result.words), cache = Object.create(null);
    result.items = rerank(result.items, result.words);
    result.items.forEach(function (group, i) {
      group.forEach(function (item) {
        if (i >= 10) return;
        item.title = markFolded(item.title, keys, cache);
        item.text = markFolded(item.text, keys, cache);
      });
    });
    return result;
  }

  // How a query's results reach the screen. Material draws every page of a list it gets at once
  // (≈ 20 ms a page on a slow phone, most of them below the fold), so the best FIRST_SCREEN pages
  // (what a phone's screen holds) are drawn first and the list a frame later; a list already on
  // the screen is not drawn again (no flicker, no work). `whole`: the query's whole list, not its
  // first results (the pages at hand, answered first: see run).
  var FIRST_SCREEN = 4;
  function presenter(reply, current, answered) {
    var drawn = null, waiting = null; // the items on the screen, as JSON; [items, whole] for after the frame
    function draw(items, whole) {
      if (!current()) return; // a later keystroke's query is on its way
      var json = JSON.stringify(items);
      if (json !== drawn) reply({ type: 3, data: { items: items } });
      drawn = json;
      var data = document.documentElement.dataset;
      data.timKiemDau = answered; // the query these first results answer
      if (whole) data.timKiem = answered; // all of them: for tests and assistive tools
    }
    function drawWaiting() {
      var list = waiting;
      waiting = null;
      draw(list[0], list[1]);
    }
    return function show(items, whole) {
      if (waiting) { waiting = [items, whole]; return; } // the latest list follows the first screen
      if (drawn !== null || items.length <= FIRST_SCREEN) return draw(items, whole);
      draw(items.slice(0, FIRST_SCREEN), false);
      waiting = [items, whole];
      if (document.hidden) drawWaiting(); // no frame comes to a hidden page
      else requestAnimationFrame(function () { setTimeout(drawWaiting, 0); }); // after the first screen is painted
    };
  }

  // Stands in for Material's search worker, speaking its messages: setup (0) → ready (1),
  // query (2) → result (3) with `items`, groups of {location, title, text, score, terms}.
  function SearchEngine() {
    var target = new EventTarget(), index = null, latest = 0, idleTimer = 0;
    function reply(data) {
      target.dispatchEvent(new MessageEvent("message", { data: data }));
    }
    target.postMessage = function (message) {
      if (!message) return;
      if (message.type === 0) {
        need("meta", "meta.js").then(function (meta) {
          index = prepare(meta);
          reply({ type: 1 });
        });
      } else if (message.type === 2 && index && typeof message.data === "string") {
        var ticket = ++latest, query = message.data;
        mark("search:query");
        var answered = parse(query).map(function (w) { return w.word; }).join(" ");
        pending++;
        var show = presenter(reply, function () { return ticket === latest; }, answered);
        var early = function (partial) { show(highlight(partial).items, false); };
        run(index, query, function () { return ticket !== latest; }, early).then(highlight).catch(function () {
          return { words: parse(query), items: [] }; // a file that failed to load: no results, no error
        }).then(function (result) {
          pending--;
          if (ticket !== latest) return; // a later keystroke's query is on its way
          if (result.words.length) { // an emptied box is no typing: it leaves the pause running
            clearTimeout(idleTimer);
            idleTimer = setTimeout(function () { if (!pending) prefetch(index); }, IDLE_MS);
          }
          mark("search:answer");
          show(result.items, true);
        });
      }
    };
    target.terminate = function () {};
    return target;
  }

  function wrapWorker(Base) {
    function Worker(url, options) {
      if (/\/workers\/search\.[\w.]*js/.test(String(url))) return SearchEngine();
      return options === undefined ? new Base(url) : new Base(url, options);
    }
    Worker.prototype = Base.prototype;
    return Worker;
  }

  // After a click on a result, Material highlights the query (?h=…) on the page as typed;
  // this also marks the words that match it once folded ("khuyen" → "khuyến").
  function highlightPage() {
    var h = new URLSearchParams(location.search).get("h");
    var article = document.querySelector("article.md-content__inner");
    if (!h || !article) return;
    var keys = foldedKeys(parse(h).filter(function (w) { return !w.exclude; })).filter(function (k) {
      return k.key.length > 1;
    });
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var nodes = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode())
      if (!node.parentElement.closest("mark, script, style")) nodes.push(node);
    nodes.forEach(function (text) {
      var marked = markFolded(text.textContent.replace(/[&<>]/g, function (c) {
        return { "&": "&amp;", "<": "&lt;", ">": "&gt;" }[c];
      }), keys);
      if (marked.indexOf("<mark>") < 0) return;
      var span = document.createElement("span");
      span.innerHTML = marked.replace(/<mark>/g, "<mark data-md-highlight>");
      text.replaceWith.apply(text, Array.prototype.slice.call(span.childNodes));
    });
  }

  // Loaded in <head> (extra.polyfills), after the iframe-worker shim and before Material's bundle.
  if (window.Worker) window.Worker = wrapWorker(window.Worker);
  // The shard table at once, in parallel with the page (not after Material's own index request).
  if (root) need("meta", "meta.js").catch(function () {});
  window.addEventListener("load", function () { setTimeout(highlightPage, 0); });
  window.camnangTimKiem = { fold: fold, newTones: newTones, oldTones: oldTones, load: load, parse: parse,
                            shown: shown };
})();
