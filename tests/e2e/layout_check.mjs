// Finds text a person cannot read whole on the page as it is laid out now (issue 22's layout
// items): text running past the window's width, text cut off by its own box (overflow hidden,
// an ellipsis) or by an ancestor that hides overflow, text spilling out of its card, an input's
// placeholder longer than the input, and (on tablet and desktop widths) a table or panel that
// must be scrolled sideways to see all of it. Used by `scripts/screenshots.mjs` and by the e2e
// test `layout.test.mjs`. Map tiles and panes, charts' canvases, visually hidden text and
// loading skeletons are not text to read and are left out.

/**
 * The layout problems of the page in `page` (a playwright Page), each a line naming the
 * element (tag, test id or class, the start of its text) and what is wrong with numbers.
 * `allowSideScroll`: whether a horizontally scrolling box is acceptable (phones).
 */
export async function layoutProblems(page, { allowSideScroll = false } = {}) {
  return page.evaluate(({ allowSideScroll }) => {
    const problems = [];
    const seen = new Set();
    const add = (el, what) => {
      const line = `${describe(el)}: ${what}`;
      if (!seen.has(line)) { seen.add(line); problems.push(line); }
    };
    const vw = document.documentElement.clientWidth;
    const ctx = document.createElement('canvas').getContext('2d');
    function describe(el) {
      let s = el.tagName.toLowerCase();
      if (el.dataset?.testid) s += `[data-testid=${el.dataset.testid}]`;
      else if (el.id) s += `#${el.id}`;
      else if (typeof el.className === 'string' && el.className.trim()) s += `.${el.className.trim().split(/\s+/).join('.')}`;
      const text = (el.placeholder || el.innerText || '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${s} "${text}"`;
    }
    const shown = (el) => {
      const st = getComputedStyle(el);
      if (st.display === 'none' || st.visibility === 'hidden' || Number(st.opacity) === 0) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    const ignored = (el) => el.closest('.leaflet-container, .visually-hidden, [aria-hidden="true"], canvas, svg, .skeleton, [hidden], details:not([open]) > :not(summary)');
    const ownText = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const sideScroll = (st) => st.overflowX === 'auto' || st.overflowX === 'scroll';
    const hides = (st) => st.overflowX === 'hidden' || st.overflowX === 'clip';

    for (const el of document.body.querySelectorAll('*')) {
      const input = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
      if (!(ownText(el) || (input && el.placeholder)) || ignored(el) || !shown(el)) continue;
      const r = el.getBoundingClientRect();
      const st = getComputedStyle(el);
      // Cut by its own box.
      if ((hides(st) || st.textOverflow === 'ellipsis') && el.scrollWidth > el.clientWidth + 1) {
        add(el, `text cut off (${el.scrollWidth} px of text in ${el.clientWidth} px)`);
      }
      // A placeholder longer than its input.
      if (input && el.placeholder && !el.value) {
        ctx.font = `${st.fontStyle} ${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
        const need = ctx.measureText(el.placeholder).width;
        const room = el.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
        if (need > room + 1) add(el, `placeholder cut off (${Math.round(need)} px in ${Math.round(room)} px)`);
      }
      // Cut by an ancestor, or only reachable by scrolling one sideways.
      let scrolled = false;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const as = getComputedStyle(a);
        const ar = a.getBoundingClientRect();
        const outside = r.right > ar.right + 1 || r.left < ar.left - 1;
        if (hides(as) && outside) {
          add(el, `cut off by ${describe(a)} (${Math.round(r.left)}..${Math.round(r.right)} px outside ${Math.round(ar.left)}..${Math.round(ar.right)} px)`);
          break;
        }
        if (sideScroll(as) && a.scrollWidth > a.clientWidth + 1) {
          scrolled = true;
          if (!allowSideScroll && outside) {
            add(el, `hidden until ${describe(a)} is scrolled sideways (${a.scrollWidth} px wide, ${a.clientWidth} px shown)`);
          }
          break;
        }
      }
      if (scrolled) continue;
      // Past the window's width.
      if (r.right > vw + 1 || r.left < -1) add(el, `runs past the window (${Math.round(r.left)}..${Math.round(r.right)} px of ${vw} px)`);
      // Out of its card.
      const card = el.parentElement?.closest('.card');
      if (card) {
        const cr = card.getBoundingClientRect();
        if (r.right > cr.right + 1 || r.left < cr.left - 1) {
          add(el, `spills out of its card (${Math.round(r.left)}..${Math.round(r.right)} px, card ${Math.round(cr.left)}..${Math.round(cr.right)} px)`);
        }
      }
    }
    return problems;
  }, { allowSideScroll });
}
