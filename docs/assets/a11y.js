// Names for the widgets Material builds in the browser (code annotations, code-block toolbars,
// content tabs), which a screen reader would otherwise announce as "link", "navigation" or not at all.
// Idempotent: runs on every page (instant navigation) and whenever such elements are added.
(function () {
  "use strict"
  var seq = 0

  function label() {
    // Code annotation markers: an empty link whose number is drawn by CSS (axe: link-name).
    document.querySelectorAll("a.md-annotation__index:not([aria-label])").forEach(function (a) {
      var id = a.querySelector("[data-md-annotation-id]")
      a.setAttribute("aria-label", "注释 " + (id ? id.getAttribute("data-md-annotation-id") : ""))
    })
    // Each code block's toolbar is a <nav>: give every one its own name (axe: landmark-unique).
    document.querySelectorAll(".md-code__nav:not([aria-label])").forEach(function (nav) {
      var block = nav.closest(".highlight")
      var title = block && block.querySelector(".filename")
      seq += 1
      nav.setAttribute("aria-label", "代码块操作 " + seq + (title ? "：" + title.textContent.trim() : ""))
    })
    // Content tabs: each panel is named by its tab, and each tab says which panel it shows.
    document.querySelectorAll(".tabbed-set:not([data-a11y])").forEach(function (set) {
      set.setAttribute("data-a11y", "")
      var inputs = set.querySelectorAll(":scope > input")
      var labels = set.querySelectorAll(":scope > .tabbed-labels > label")
      var blocks = set.querySelectorAll(":scope > .tabbed-content > .tabbed-block")
      inputs.forEach(function (input, i) {
        var lab = labels[i], block = blocks[i]
        if (!lab || !block) return
        lab.id = lab.id || input.id + "__label"
        block.id = block.id || input.id + "__panel"
        block.setAttribute("role", "tabpanel")
        block.setAttribute("aria-labelledby", lab.id)
        input.setAttribute("aria-controls", block.id)
      })
    })
  }

  // A table wider than the column scrolls: then the keyboard must reach it (axe: scrollable-region-focusable).
  function scrollers() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0")
        wrap.setAttribute("role", "region")
        wrap.setAttribute("aria-label", "表格（可横向滚动）")
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex")
        wrap.removeAttribute("role")
        wrap.removeAttribute("aria-label")
      }
    })
  }
  window.addEventListener("resize", scrollers)

  var pending = false
  new MutationObserver(function () {
    if (pending) return
    pending = true
    requestAnimationFrame(function () { pending = false; label(); scrollers() })
  }).observe(document.body, { childList: true, subtree: true })
  if (window.document$) window.document$.subscribe(function () { label(); scrollers() })
  label()
  scrollers()
})()
