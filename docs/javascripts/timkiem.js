// Vietnamese search on top of Material's own search box and worker (see ARCHITECTURE.md, "Tìm kiếm").
// Before a query reaches the worker it is made NFC and each word becomes its forms: new tone
// placement, old tone placement, and folded (no diacritics), which the index's folded fields
// hold. Results come back with the reader's own words as terms ("Thiếu: …"), and words found
// only through folding are marked in the previews, which keep the original text.
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

  // Every word is required in its folded form (the folded fields hold it whatever the spelling;
  // a prefix, so results follow the typing); its spellings with diacritics, both tone placements,
  // are optional and rank exact matches first. "-word" excludes the word in any spelling.
  // Other lunr syntax (field:, ^, ~, *) is left as typed.
  function addToken(token, words, parts) {
    var op = /^[+-]/.test(token) ? token[0] : "";
    var rest = token.slice(op.length);
    if (/[:^~*]/.test(rest)) { parts.push(token); return; }
    pieces(rest).forEach(function (piece) {
      var lower = piece.toLowerCase();
      var key = fold(lower);
      var forms = unique([key, newTones(lower), oldTones(lower)]);
      words.push({ word: piece, forms: forms });
      if (op === "-") { parts.push("-" + key); return; }
      if (key.length < 2) { parts.push(key + "^1"); return; } // a letter alone: no prefix search (slow)
      parts.push("+" + key + "*");
      forms.slice(1).forEach(function (form) { parts.push(form); });
    });
  }

  // Quotes group nothing for lunr: every word is required anyway.
  function expand(query) {
    var words = [], parts = [];
    query.normalize("NFC").replace(/"/g, " ").split(/\s+/).forEach(function (token) {
      if (token) addToken(token, words, parts);
    });
    return { query: parts.join(" "), words: words };
  }

  // Material reports each query term as found or missing; report the reader's words instead.
  function readerTerms(terms, words) {
    var result = {};
    words.forEach(function (w) {
      var known = w.forms.filter(function (form) { return form in terms; });
      if (known.length) result[w.word] = known.some(function (form) { return terms[form]; });
    });
    return result;
  }

  function markFolded(html, keys, cache) {
    if (typeof html !== "string" || !keys.length) return html;
    cache = cache || {};
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
          cache[w] = keys.some(function (k) { return key.indexOf(k) === 0; });
        }
        return cache[w] ? "<mark>" + w + "</mark>" : w;
      });
    }).join("");
  }

  function foldedKeys(words) {
    return unique(words.map(function (w) { return fold(w.word.toLowerCase()); }));
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
      var tier = 3, best = 0;
      group.forEach(function (item) {
        var title = plain(item.title);
        if (item.location.indexOf("#") < 0 && title === typed) tier = 0;
        if (words.length > 1 && (phrase.test(title) || phrase.test(plain(item.text)))) {
          if (tier > 1) tier = item.boost > 1 ? 1 : 2;
          best = Math.max(best, item.score);
        }
      });
      return { group: group, tier: tier, best: best, i: i };
    });
    ranked.sort(function (a, b) {
      return a.tier - b.tier || b.best - a.best || a.i - b.i;
    });
    return ranked.map(function (r) { return r.group; });
  }

  // Marks go on the first ten pages' results, the ones Material shows before any scrolling.
  function refine(result, words) {
    var keys = foldedKeys(words), cache = {};
    result.items = rerank(result.items, words);
    result.items.forEach(function (group, i) {
      group.forEach(function (item) {
        item.terms = readerTerms(item.terms || {}, words);
        if (i >= 10) return;
        item.title = markFolded(item.title, keys, cache);
        item.text = markFolded(item.text, keys, cache);
      });
    });
  }

  // The words of the query a result answers: the oldest query still waiting whose terms include
  // every term the result reports (older ones got no answer and are dropped).
  function wordsFor(result, sent) {
    var reported = {};
    result.items.forEach(function (group) {
      group.forEach(function (item) { Object.keys(item.terms || {}).forEach(function (t) { reported[t] = true; }); });
    });
    for (var i = 0; i < sent.length; i++) {
      var terms = sent[i].terms;
      if (Object.keys(reported).every(function (t) { return terms.indexOf(t) >= 0; }))
        return sent.splice(0, i + 1).pop().words;
    }
    return null;
  }

  // Material's search worker, wrapped: queries go out expanded, results come back refined.
  // Its listener is added before Material's, so Material renders the refined results.
  function wrapWorker(Base) {
    function SearchWorker(url, options) {
      var worker = options === undefined ? new Base(url) : new Base(url, options);
      var post = worker.postMessage, sent = [], ready = false;
      worker.addEventListener("message", function (event) {
        var result = event.data && event.data.data;
        if (!result || !Array.isArray(result.items)) return;
        var words = wordsFor(result, sent);
        if (!words) return;
        refine(result, words);
        // The query these results answer, for tests and assistive tools.
        document.documentElement.dataset.timKiem = words.map(function (w) { return w.word; }).join(" ");
      });
      worker.postMessage = function (message) {
        var args = Array.prototype.slice.call(arguments);
        if (message && message.data && message.data.config && message.data.docs) {
          separator = new RegExp(message.data.config.separator);
          ready = true;
        } else if (ready && message && typeof message.data === "string") {
          var expanded = expand(message.data);
          var terms = expanded.query.split(" ").map(function (t) { return t.replace(/^[+-]|\*$|\^1$/g, ""); });
          sent.push({ words: expanded.words, terms: terms });
          if (sent.length > 50) sent.shift();
          args[0] = { type: message.type, data: expanded.query };
        }
        return post.apply(worker, args);
      };
      return worker;
    }
    SearchWorker.prototype = Base.prototype;
    return SearchWorker;
  }

  // After a click on a result, Material highlights the query (?h=…) on the page as typed;
  // this also marks the words that match it once folded ("khuyen" → "khuyến").
  function highlightPage() {
    var h = new URLSearchParams(location.search).get("h");
    var article = document.querySelector("article.md-content__inner");
    if (!h || !article) return;
    var keys = unique(pieces(h).map(function (w) { return fold(w.toLowerCase()); })).filter(function (k) {
      return k.length > 1;
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
  window.addEventListener("load", function () { setTimeout(highlightPage, 0); });
  window.camnangTimKiem = { fold: fold, newTones: newTones, oldTones: oldTones, expand: expand };
})();
