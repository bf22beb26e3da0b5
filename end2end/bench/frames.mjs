// Frame times in the page while something is scrolled by a fixed step each frame.

/// Scrolls the element matching `selector` (or the page, for null) down by `px` each frame for
/// `frames` frames and resolves to the time between frames, in milliseconds.
export function scrollFrames(page, selector, px, frames = 300) {
  return page.evaluate(
    ([selector, px, count]) =>
      new Promise((resolve) => {
        const scroll = selector ? (el => () => (el.scrollTop += px))(document.querySelector(selector)) : () => window.scrollBy(0, px);
        const times = [];
        let last = performance.now();
        let n = 0;
        const step = (now) => {
          times.push(now - last);
          last = now;
          scroll();
          if (++n < count) requestAnimationFrame(step);
          else resolve(times.slice(1));
        };
        requestAnimationFrame(step);
      }),
    [selector, px, frames],
  );
}
