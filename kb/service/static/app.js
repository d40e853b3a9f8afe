/* kb search page. Plain JavaScript, no dependencies, nothing loaded from outside.
 *
 * Documents are hostile input: every string from the API is inserted as text
 * (textContent / createTextNode), never as HTML. Links are made only from http(s) URLs.
 */
(function () {
  "use strict";

  var LABELS = {
    en: {
      skip: "Skip to results",
      tagline: "The law on migrant workers' rights: search it, quote it, cite it exactly.",
      query_label: "Search the law or ask a question",
      placeholder: "e.g. recruitment fees, UU 18/2017 Pasal 30",
      hint: "Words, a question, or a citation such as \u201cGC 2 para 24\u201d.",
      search: "Search", ask: "Ask",
      mode: "Mode", mode_search: "Find provisions", mode_ask: "Ask: answer with quotes",
      filters: "Filters", family: "Family", document: "Document", language: "Language of the text",
      party: "Party", in_force: "In force only (hide repealed law)", all: "All",
      fam_convention: "Convention", "fam_national-law": "National law", fam_committee: "UN Committee",
      fam_regional: "Regional (ASEAN)", fam_bilateral: "Bilateral",
      lang_en: "English", lang_id: "Indonesian",
      token_label: "Access token (this server requires one)", token_save: "Use token",
      results: "Results", answer: "Answer", sources: "Sources", related: "Possibly related",
      searching: "Searching\u2026", asking: "Reading the law and quoting it\u2026",
      n_results: function (n) { return n === 1 ? "1 result" : n + " results"; },
      no_results: "No results. Try other words, or remove filters.",
      answered: function (n) { return "Answer with " + n + (n === 1 ? " source" : " sources") + "."; },
      abstained: "The indexed documents do not answer this question.",
      matched: "Matched passage", page: "p.", pages: "pp.",
      show_unit: "Show the whole unit", hide_unit: "Hide the whole unit",
      copy: "Copy citation", copied: "Copied", copy_failed: "Copy failed: select the citation and copy it", copy_failed_short: "Copy failed",
      copied_status: function (c) { return "Citation copied: " + c; },
      in_force_badge: "In force", repealed_badge: "Repealed", repealed_by_short: "by", replaced_by: "replaced by",
      official_source: "Official source", source_n: function (n) { return "source " + n; },
      error: "Error", network_error: "The server could not be reached.",
      token_needed: "This server needs an access token: enter it below.",
      exact: "Cited unit", footer: "Every quote is verbatim from the cited unit. For developers:",
      title: "kb \u2014 the law on migrant workers' rights"
    },
    id: {
      skip: "Langsung ke hasil",
      tagline: "Hukum tentang hak pekerja migran: cari, kutip, dan rujuk dengan tepat.",
      query_label: "Cari dalam peraturan atau ajukan pertanyaan",
      placeholder: "mis. biaya penempatan, UU 18/2017 Pasal 30",
      hint: "Kata kunci, pertanyaan, atau rujukan seperti \u201cUU 18/2017 Pasal 30\u201d.",
      search: "Cari", ask: "Tanya",
      mode: "Mode", mode_search: "Cari ketentuan", mode_ask: "Tanya: jawaban dengan kutipan",
      filters: "Penyaring", family: "Jenis dokumen", document: "Dokumen", language: "Bahasa teks",
      party: "Pihak", in_force: "Hanya yang berlaku (sembunyikan yang dicabut)", all: "Semua",
      fam_convention: "Konvensi", "fam_national-law": "Peraturan nasional", fam_committee: "Komite PBB",
      fam_regional: "Regional (ASEAN)", fam_bilateral: "Bilateral",
      lang_en: "Inggris", lang_id: "Indonesia",
      token_label: "Token akses (server ini memerlukannya)", token_save: "Gunakan token",
      results: "Hasil", answer: "Jawaban", sources: "Sumber", related: "Mungkin terkait",
      searching: "Mencari\u2026", asking: "Membaca peraturan dan mengutipnya\u2026",
      n_results: function (n) { return n + " hasil"; },
      no_results: "Tidak ada hasil. Coba kata lain, atau hapus penyaring.",
      answered: function (n) { return "Jawaban dengan " + n + " sumber."; },
      abstained: "Dokumen yang terindeks tidak menjawab pertanyaan ini.",
      matched: "Bagian yang cocok", page: "hlm.", pages: "hlm.",
      show_unit: "Tampilkan seluruh unit", hide_unit: "Sembunyikan seluruh unit",
      copy: "Salin rujukan", copied: "Tersalin", copy_failed: "Gagal menyalin: pilih rujukan lalu salin", copy_failed_short: "Gagal menyalin",
      copied_status: function (c) { return "Rujukan tersalin: " + c; },
      in_force_badge: "Berlaku", repealed_badge: "Dicabut", repealed_by_short: "oleh", replaced_by: "diganti oleh",
      official_source: "Sumber resmi", source_n: function (n) { return "sumber " + n; },
      error: "Galat", network_error: "Server tidak dapat dihubungi.",
      token_needed: "Server ini memerlukan token akses: masukkan di bawah.",
      exact: "Unit yang dirujuk", footer: "Setiap kutipan persis sama dengan unit yang dirujuk. Untuk pengembang:",
      title: "kb \u2014 hukum tentang hak pekerja migran"
    }
  };
  var FAMILY_KEYS = ["convention", "national-law", "committee", "regional", "bilateral"];
  var STOP = new Set(("the and for with that this from are was were what which who does can may must shall " +
    "should would could will how when where why whether " +
    "into about under have has not any all its their there been than then also other such " +
    "yang dan atau untuk dengan dari pada dalam oleh apakah apa bagaimana siapa boleh dapat harus " +
    "adalah akan ini itu tidak para bagi sebagai serta").split(" "));

  var lang = "en";
  var lastResponse = null; // {mode, data, query} to re-render when the language changes
  var controller = null;
  var $ = function (id) { return document.getElementById(id); };

  function t(key) {
    var table = LABELS[lang] || LABELS.en;
    return key in table ? table[key] : LABELS.en[key];
  }

  /* el("p", {class: "x"}, "text", node, ...): an element; strings become text nodes. */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === null || value === undefined || value === false) return;
        if (name === "text") node.textContent = String(value);
        else node.setAttribute(name, value === true ? "" : String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === "string" || typeof child === "number"
      ? document.createTextNode(String(child)) : child);
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function safeUrl(url) {
    if (typeof url !== "string") return null;
    try {
      var u = new URL(url);
      return (u.protocol === "https:" || u.protocol === "http:") ? u.href : null;
    } catch (e) { return null; }
  }

  /* --- language ------------------------------------------------------------------ */

  function setLanguage(next, rerender) {
    lang = LABELS[next] ? next : "en";
    try { localStorage.setItem("kb-lang", lang); } catch (e) { /* private mode */ }
    document.documentElement.lang = lang;
    document.title = t("title");
    document.querySelectorAll("[data-i18n]").forEach(function (node) {
      node.textContent = t(node.getAttribute("data-i18n"));
    });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (node) {
      node.setAttribute("placeholder", t(node.getAttribute("data-i18n-placeholder")));
    });
    document.querySelectorAll("button.lang").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-lang") === lang ? "true" : "false");
    });
    updateSubmitLabel();
    fillDocumentOptions();
    if (rerender && lastResponse) render(lastResponse);
  }

  function mode() {
    var checked = document.querySelector("input[name=mode]:checked");
    return checked ? checked.value : "search";
  }

  function updateSubmitLabel() { $("submit").textContent = t(mode() === "ask" ? "ask" : "search"); }

  /* --- API calls --------------------------------------------------------------------- */

  function token() {
    try { return sessionStorage.getItem("kb-token") || ""; } catch (e) { return ""; }
  }

  function api(path, params) {
    if (controller) controller.abort();
    controller = new AbortController();
    var query = new URLSearchParams();
    Object.keys(params || {}).forEach(function (k) {
      var v = params[k];
      if (v === "" || v === null || v === undefined || v === false) return;
      query.append(k, v === true ? "true" : String(v));
    });
    var headers = { "Accept": "application/json" };
    if (token()) headers["Authorization"] = "Bearer " + token();
    var url = path + (query.toString() ? "?" + query.toString() : "");
    return fetch(url, { headers: headers, signal: controller.signal }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          var err = new Error(body && body.message ? body.message : (response.status + " " + response.statusText));
          err.status = response.status;
          throw err;
        }
        return body;
      });
    });
  }

  function filterParams() {
    return {
      family: $("f-family").value,
      doc: $("f-doc").value,
      language: $("f-language").value,
      party: $("f-party").value,
      in_force: $("f-in-force").checked
    };
  }

  /* --- the catalogue (document and party filters) ------------------------------------ */

  var catalogue = [];

  function loadDocuments() {
    var headers = { "Accept": "application/json" };
    if (token()) headers["Authorization"] = "Bearer " + token();
    return fetch("/documents", { headers: headers }).then(function (r) {
      if (r.status === 401) { showToken(); return null; }
      return r.ok ? r.json() : null;
    }).then(function (body) {
      if (!body || !Array.isArray(body.documents)) return;
      catalogue = body.documents;
      fillDocumentOptions();
      fillPartyOptions();
    }).catch(function () { /* the page still searches without these lists */ });
  }

  function fillDocumentOptions() {
    var select = $("f-doc");
    var chosen = select.value || pendingDoc;
    while (select.options.length > 1) select.remove(1);
    var indexed = {};
    catalogue.forEach(function (d) { if (d.indexed) indexed[d.variant_of || d.id] = true; });
    FAMILY_KEYS.forEach(function (fam) {
      var docs = catalogue.filter(function (d) { return d.family === fam && indexed[d.id] && !d.variant_of; });
      if (!docs.length) return;
      var group = el("optgroup", { label: t("fam_" + fam) });
      docs.sort(function (a, b) { return String(a.citation).localeCompare(String(b.citation)); });
      docs.forEach(function (d) {
        group.appendChild(el("option", { value: d.id, title: d.title }, String(d.citation || d.id)));
      });
      select.appendChild(group);
    });
    if (chosen) select.value = chosen;
  }

  function fillPartyOptions() {
    var select = $("f-party");
    var chosen = select.value || pendingParty;
    var parties = {};
    catalogue.forEach(function (d) {
      if (!d.indexed) return;
      (d.parties || []).forEach(function (p) { parties[String(p).toUpperCase()] = true; });
      if (d.jurisdiction === "ID") parties.IDN = true;
      else if (d.jurisdiction) parties[String(d.jurisdiction).toUpperCase()] = true;
    });
    while (select.options.length > 1) select.remove(1);
    Object.keys(parties).sort().forEach(function (p) { select.appendChild(el("option", { value: p }, p)); });
    if (chosen) select.value = chosen;
  }

  /* --- highlighting (DOM nodes only) ---------------------------------------------------- */

  function queryTerms(query) {
    var words = (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).filter(function (w) {
      return w.length >= 3 && !STOP.has(w);
    });
    return Array.from(new Set(words)).sort(function (a, b) { return b.length - a.length; }).slice(0, 20);
  }

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* text with the words that start with one of the query's words marked, whole words
     only ("migran" marks "Migrant", never half of it) */
  function highlighted(text, terms) {
    var frag = document.createDocumentFragment();
    text = String(text || "");
    if (!terms.length) { frag.appendChild(document.createTextNode(text)); return frag; }
    var re = new RegExp("(?<![\\p{L}\\p{N}])(?:" + terms.map(escapeRegExp).join("|") + ")[\\p{L}\\p{N}]*", "giu");
    var last = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      frag.appendChild(el("mark", null, m[0]));
      last = m.index + m[0].length;
      if (m[0].length === 0) re.lastIndex++;
    }
    if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
    return frag;
  }

  /* the whole unit, the matched passage marked in it */
  function unitText(hit, terms) {
    var box = el("div", { class: "unit-text" });
    if (hit.heading && hit.heading.length) box.appendChild(el("p", { class: "heading-path" }, hit.heading.join(" \u203a ")));
    var text = String(hit.text || "");
    var match = hit.match ? String(hit.match) : "";
    var at = match ? text.indexOf(match) : -1;
    if (at < 0) { box.appendChild(highlighted(text, terms)); return box; }
    box.appendChild(highlighted(text.slice(0, at), terms));
    box.appendChild(el("mark", { class: "passage" }, highlighted(match, terms)));
    box.appendChild(highlighted(text.slice(at + match.length), terms));
    return box;
  }

  /* --- copying citations -------------------------------------------------------------- */

  function copyButton(citation) {
    var button = el("button", { type: "button", class: "small copy", "data-citation": citation,
      "aria-label": t("copy") + ": " + citation }, t("copy"));
    button.addEventListener("click", function () {
      copyText(citation).then(function (ok) {
        button.textContent = ok ? t("copied") : t("copy_failed_short");
        $("status").textContent = ok ? t("copied_status")(citation) : t("copy_failed") + ": " + citation;
        setTimeout(function () { button.textContent = t("copy"); }, 2500);
      });
    });
    return button;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return fallbackCopy(text); });
    }
    return Promise.resolve(fallbackCopy(text));
  }

  function fallbackCopy(text) {
    var area = el("textarea", { readonly: true, "aria-hidden": "true" });
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  /* --- rendering ------------------------------------------------------------------------ */

  function pagesText(pages) {
    if (!pages || !pages.length) return null;
    // no-break spaces: "p. 38" never splits across lines
    return pages.length === 1 ? t("page") + "\u00a0" + pages[0] : t("pages") + "\u00a0" + pages[0] + "\u2013" + pages[pages.length - 1];
  }

  function statusBadge(inForce, status, successor) {
    if (inForce !== false) return el("span", { class: "badge in-force" }, t("in_force_badge"));
    var detail = String(status || "");
    var text = t("repealed_badge");
    if (/^repealed by\s+/i.test(detail)) text += " " + t("repealed_by_short") + " " + detail.replace(/^repealed by\s+/i, "");
    else if (detail && detail.toLowerCase() !== "repealed") text += " (" + detail + ")";
    if (successor) text += " \u2014 " + t("replaced_by") + " " + successor;
    return el("span", { class: "badge repealed" }, text);
  }

  function familyLabel(fam) { return FAMILY_KEYS.indexOf(fam) >= 0 ? t("fam_" + fam) : String(fam || ""); }

  function renderHits(data, query) {
    var list = $("result-list");
    clear(list);
    var terms = queryTerms(query);
    var hits = Array.isArray(data.results) ? data.results : [];
    var notes = $("search-notes");
    clear(notes);
    (Array.isArray(data.notes) ? data.notes : []).forEach(function (note) {
      notes.appendChild(el("p", { class: "answer-note" }, String(note && note.text !== undefined ? note.text : note)));
    });
    hits.forEach(function (hit, i) {
      var id = "unit-" + i;
      var citation = String(hit.citation || "");
      var article = el("article", { class: "hit", "aria-labelledby": "hit-title-" + i,
          "data-doc-id": String(hit.doc_id || ""), "data-family": String(hit.family || ""),
          "data-language": String(hit.language || "") },
        el("h3", { id: "hit-title-" + i }, el("span", { class: "rank" }, String(hit.rank || i + 1) + "."), citation),
        el("p", { class: "meta" },
          el("span", null, String(hit.title || "")),
          el("span", null, familyLabel(hit.family)),
          el("span", null, hit.language === "id" ? t("lang_id") : t("lang_en")),
          pagesText(hit.pages) ? el("span", { class: "pages" }, pagesText(hit.pages)) : null,
          hit.exact ? el("span", null, t("exact")) : null),
        statusBadge(hit.in_force, hit.status, hit.successor && hit.successor.citation));
      if (hit.match) {
        article.appendChild(el("p", { class: "passage-label" }, t("matched")));
        article.appendChild(el("blockquote", { class: "match" }, highlighted(hit.match, terms)));
      }
      var full = unitText(hit, terms);
      full.id = id;
      full.hidden = true;
      var toggle = el("button", { type: "button", class: "small toggle", "aria-expanded": "false", "aria-controls": id },
        t("show_unit"));
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") === "true";
        toggle.setAttribute("aria-expanded", open ? "false" : "true");
        toggle.textContent = open ? t("show_unit") : t("hide_unit");
        full.hidden = open;
      });
      var actions = el("div", { class: "actions" }, toggle, copyButton(citation));
      var url = safeUrl(hit.source_url);
      if (url) actions.appendChild(el("a", { href: url, rel: "noopener noreferrer", class: "official" }, t("official_source")));
      article.appendChild(actions);
      article.appendChild(full);
      list.appendChild(el("li", null, article));
    });
    $("results").hidden = false;
    $("answer").hidden = true;
    $("status").textContent = hits.length ? t("n_results")(hits.length) : t("no_results");
  }

  function sourceItem(source) {
    var n = source.n;
    var url = safeUrl(source.url);
    var citation = String(source.citation || "");
    return el("li", { class: "source", id: "src-" + n },
      el("h4", null, el("span", { class: "rank" }, "[" + n + "]"), citation),
      el("p", { class: "meta" },
        el("span", null, String(source.title || "")),
        pagesText(source.pages) ? el("span", null, pagesText(source.pages)) : null,
        el("span", null, source.language === "id" ? t("lang_id") : t("lang_en"))),
      statusBadge(source.in_force, source.status, source.successor_provision || source.successor),
      el("div", { class: "actions" }, copyButton(citation),
        url ? el("a", { href: url, rel: "noopener noreferrer", class: "url" }, t("official_source")) : null));
  }

  function renderAnswer(data, query) {
    var body = $("answer-body");
    var sources = $("source-list");
    clear(body);
    clear(sources);
    var terms = queryTerms(query);
    // notes come first, as in `kb ask`: a document the question names that is not
    // indexed (and how to get it), a general rule, a question that was cut
    (Array.isArray(data.notes) ? data.notes : []).forEach(function (note) {
      body.appendChild(el("p", { class: "answer-note", "data-code": String(note.code || "") }, String(note.text || "")));
    });
    if (data.abstained) {
      body.appendChild(el("p", { class: "answer-note" }, String(data.message || t("abstained"))));
      $("sources-heading").textContent = t("related");
      (data.related || []).forEach(function (s) { sources.appendChild(sourceItem(s)); });
      $("status").textContent = t("abstained");
    } else {
      (data.sections || []).forEach(function (section) {
        var box = el("div", { class: "answer-section" }, el("h3", null, String(section.heading || "")));
        (section.quotes || []).forEach(function (quote) {
          box.appendChild(el("blockquote", { class: "quote" },
            "\u201c", highlighted(quote.text, terms), "\u201d ",
            el("a", { href: "#src-" + quote.source, "aria-label": t("source_n")(quote.source) }, "[" + quote.source + "]")));
        });
        body.appendChild(box);
      });
      $("sources-heading").textContent = t("sources");
      (data.sources || []).forEach(function (s) { sources.appendChild(sourceItem(s)); });
      $("status").textContent = t("answered")((data.sources || []).length);
    }
    $("answer").hidden = false;
    $("results").hidden = true;
  }

  function render(response) {
    if (response.mode === "ask") renderAnswer(response.data, response.query);
    else renderHits(response.data, response.query);
  }

  /* --- running a query ------------------------------------------------------------------------ */

  function showError(message) {
    var box = $("error");
    box.textContent = t("error") + ": " + message;
    box.hidden = false;
  }

  function showToken() {
    $("token-box").hidden = false;
    showError(t("token_needed"));
  }

  function submit(pushUrl) {
    var query = $("q").value.trim();
    $("error").hidden = true;
    if (!query) { $("q").focus(); return; }
    var m = mode();
    var params = Object.assign({ q: query }, filterParams());
    if (pushUrl) {
      var shown = new URLSearchParams();
      Object.keys(params).forEach(function (k) { if (params[k]) shown.set(k, params[k] === true ? "true" : params[k]); });
      if (m === "ask") shown.set("mode", "ask");
      history.replaceState(null, "", "/?" + shown.toString());
    }
    $("status").textContent = t(m === "ask" ? "asking" : "searching");
    document.body.setAttribute("aria-busy", "true");
    api(m === "ask" ? "/ask" : "/search", params).then(function (data) {
      lastResponse = { mode: m, data: data, query: query };
      render(lastResponse);
    }).catch(function (err) {
      if (err.name === "AbortError") return;
      $("status").textContent = "";
      if (err.status === 401) { showToken(); return; }
      showError(err.status ? err.message : t("network_error"));
    }).finally(function () { document.body.removeAttribute("aria-busy"); });
  }

  var pendingDoc = "", pendingParty = "";

  function restoreFromUrl() {
    var p = new URLSearchParams(location.search);
    if (p.get("q")) $("q").value = p.get("q");
    if (p.get("mode") === "ask") document.querySelector("input[name=mode][value=ask]").checked = true;
    ["family", "language"].forEach(function (k) { if (p.get(k)) $("f-" + k).value = p.get(k); });
    pendingDoc = p.get("doc") || "";
    pendingParty = p.get("party") || "";
    if (p.get("in_force") === "true") $("f-in-force").checked = true;
    if (p.get("family") || p.get("doc") || p.get("language") || p.get("party") || p.get("in_force")) $("filters").open = true;
    return Boolean(p.get("q"));
  }

  function init() {
    var stored = null;
    try { stored = localStorage.getItem("kb-lang"); } catch (e) { stored = null; }
    var browser = (navigator.language || "en").toLowerCase().indexOf("id") === 0 ? "id" : "en";
    var run = restoreFromUrl();
    setLanguage(stored || browser, false);
    document.querySelectorAll("button.lang").forEach(function (b) {
      b.addEventListener("click", function () { setLanguage(b.getAttribute("data-lang"), true); });
    });
    document.querySelectorAll("input[name=mode]").forEach(function (r) { r.addEventListener("change", updateSubmitLabel); });
    $("search-form").addEventListener("submit", function (event) { event.preventDefault(); submit(true); });
    $("token-save").addEventListener("click", function () {
      try { sessionStorage.setItem("kb-token", $("token").value.trim()); } catch (e) { /* ignore */ }
      $("token-box").hidden = true;
      $("error").hidden = true;
      loadDocuments();
      if ($("q").value.trim()) submit(false);
    });
    loadDocuments();
    if (run) submit(false);
    else $("q").focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
