/**
 * Brings a running service's card into view inside the Connections tab and marks it for a moment
 * (a serial bridge's own mock CSMS, a section away). Only the panel scrolls: scrollIntoView would
 * also move the app's own clipped boxes; the sticky head of the card's section stays above it.
 */
export function scrollToCard(selector: string): void {
  const card = document.querySelector<HTMLElement>(selector);
  const body = card?.closest<HTMLElement>('.panel-body');
  if (!card || !body) return;
  const head = card.closest('.service-kind')?.querySelector('.service-kind-head');
  const covered = head?.getBoundingClientRect().height ?? 0;
  body.scrollTop += card.getBoundingClientRect().top - body.getBoundingClientRect().top - covered;
  card.classList.remove('card-flash');
  // Restarts the animation when asked twice in a row.
  void card.offsetWidth;
  card.classList.add('card-flash');
  card.addEventListener('animationend', () => card.classList.remove('card-flash'), { once: true });
}
