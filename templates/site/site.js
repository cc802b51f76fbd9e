/* The published catalog page (catalogtool publish). Inlined into index.html. The table is complete
   without this script; it adds the validity status, search, filters and the English toggle. */
(function () {
  "use strict";
  var root = document.documentElement;
  var banner = document.getElementById("banner");
  var table = document.getElementById("catalog-table");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var form = document.getElementById("filters");
  var q = document.getElementById("q");
  var scope = document.getElementById("in");
  var selects = { industry: document.getElementById("industry"), major: document.getElementById("major"),
    education: document.getElementById("education") };
  var count = document.getElementById("count");
  var none = document.getElementById("no-results");
  var toggle = document.getElementById("lang-toggle");

  function lang() { return root.getAttribute("data-lang") === "en" ? "en" : "zh"; }

  /* Text folded for matching: full-width to half-width (NFKC), lower case, no spaces. */
  function fold(text) {
    var t = String(text || "");
    if (t.normalize) { t = t.normalize("NFKC"); }
    return t.toLowerCase().replace(/\s+/g, "");
  }
  function digits(text) { return fold(text).replace(/[^0-9]/g, ""); }

  /* --- the validity status, from the dates on the page and today's date in China ---------------- */
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function chinaToday(now) {
    try {
      var parts = new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Shanghai", year: "numeric",
        month: "2-digit", day: "2-digit" }).formatToParts(now);
      var p = {};
      parts.forEach(function (x) { p[x.type] = x.value; });
      if (p.year && p.month && p.day) { return p.year + "-" + p.month + "-" + p.day; }
    } catch (e) { /* no time-zone data: the reader's own date */ }
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }
  function dayNumber(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 86400000;
  }
  function zhDate(iso) { var p = iso.split("-"); return +p[0] + "年" + +p[1] + "月" + +p[2] + "日"; }
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  function enDate(iso) { var p = iso.split("-"); return +p[2] + " " + MONTHS[+p[1] - 1] + " " + +p[0]; }

  var effective = banner.getAttribute("data-effective");
  var expiry = banner.getAttribute("data-expiry");
  var today = chinaToday(new Date());
  var status = today > expiry ? "lapsed" : today < effective ? "not-yet" : "in-force";
  var left = dayNumber(expiry) - dayNumber(today) + 1;
  var STATUS = {
    "in-force": {
      zh: ["现行有效。", "有效期至" + zhDate(expiry) + "，还有" + left + "天。"],
      en: ["In force.", "Valid until " + enDate(expiry) + ", " + left + (left === 1 ? " day" : " days") + " left."]
    },
    "not-yet": {
      zh: ["尚未施行。", "自" + zhDate(effective) + "起施行。"],
      en: ["Not yet in force.", "In force from " + enDate(effective) + "."]
    },
    "lapsed": {
      zh: ["已失效。", "本目录有效期已于" + zhDate(expiry) + "届满，自动失效，不再作为认定依据。请查询现行目录。"],
      en: ["Lapsed.", "This catalog's validity ended on " + enDate(expiry) +
        "; it is void and no longer applies. Look for the catalog now in force."]
    }
  };
  var baseTitle = document.title;
  function showStatus() {
    var s = STATUS[status][lang()];
    document.getElementById("status-title").textContent = s[0];
    document.getElementById("status-text").textContent = s[1];
    document.title = (status === "lapsed" ? (lang() === "zh" ? "【已失效】" : "[Lapsed] ") : "") + baseTitle;
  }
  root.setAttribute("data-status", status);
  document.getElementById("status").hidden = false;

  /* --- search and filters --------------------------------------------------------------------- */
  var index = rows.map(function (tr) {
    return {
      tr: tr,
      codes: tr.getAttribute("data-codes").split(" ").map(digits),
      name: fold(tr.getAttribute("data-name")),
      position: fold(tr.getAttribute("data-position")),
      industry: tr.getAttribute("data-industry"),
      industryFolded: fold(tr.getAttribute("data-industry")),
      major: tr.getAttribute("data-major"),
      education: tr.getAttribute("data-education"),
      text: fold(tr.textContent)
    };
  });

  function matchesTerm(item, term, where) {
    var code = digits(term);
    var codeHit = code.length > 0 && /^[0-9\-－—–\s]+$/.test(term.normalize ? term.normalize("NFKC") : term) &&
      item.codes.some(function (c) { return c.indexOf(code) === 0; });
    var t = fold(term);
    switch (where) {
      case "code": return codeHit;
      case "name": return item.name.indexOf(t) >= 0;
      case "position": return item.position.indexOf(t) >= 0;
      case "industry": return item.industryFolded.indexOf(t) >= 0;
      default: return codeHit || item.text.indexOf(t) >= 0;
    }
  }

  function apply() {
    var terms = (q.value || "").trim().split(/\s+/).filter(Boolean);
    var where = scope.value;
    var shown = 0;
    index.forEach(function (item) {
      var ok = (!selects.industry.value || item.industry === selects.industry.value) &&
        (!selects.major.value || item.major === selects.major.value) &&
        (!selects.education.value || item.education === selects.education.value) &&
        terms.every(function (term) { return matchesTerm(item, term, where); });
      item.tr.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var total = index.length;
    var filtered = shown !== total;
    count.textContent = lang() === "zh"
      ? (filtered ? "显示" + shown + "个岗位，共" + total + "个" : "共" + total + "个岗位")
      : (filtered ? "Showing " + shown + " of " + total + " positions" : total + " positions");
    none.hidden = shown !== 0;
  }

  /* --- language ------------------------------------------------------------------------------- */
  function setLang(l) {
    root.setAttribute("data-lang", l);
    root.setAttribute("lang", l === "en" ? "en" : "zh-CN");
    Array.prototype.forEach.call(document.querySelectorAll("option[data-" + l + "]"), function (o) {
      o.textContent = o.getAttribute("data-" + l);
    });
    q.setAttribute("placeholder", q.getAttribute("data-" + l + "-placeholder"));
    try { window.localStorage.setItem("catalog-lang", l); } catch (e) { /* storage may be off */ }
    showStatus();
    apply();
  }
  toggle.addEventListener("click", function () { setLang(lang() === "en" ? "zh" : "en"); });

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });

  var wanted = /[?&]lang=en\b/.test(window.location.search) ? "en" : null;
  if (!wanted) {
    try { wanted = window.localStorage.getItem("catalog-lang"); } catch (e) { wanted = null; }
  }
  form.hidden = false;
  toggle.hidden = false;
  setLang(wanted === "en" ? "en" : "zh");
})();
