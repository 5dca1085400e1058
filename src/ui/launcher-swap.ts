/**
 * The launcher the CDN loader drew in the element's shadow root before the element's class
 * loaded (loader/skeleton.ts). It stays until the element's first render replaces it in the same
 * frame, and that render waits for a task of its own, so the page never meets loading the class
 * and rendering it as one long task.
 */
export class DrawnLauncher {
  readonly #nodes: ChildNode[];
  readonly #root: ShadowRoot;

  private constructor(root: ShadowRoot) {
    this.#root = root;
    this.#nodes = [...root.childNodes];
  }

  /** What the loader drew in `root`, if it drew anything. */
  static in(root: ShadowRoot | null): DrawnLauncher | null {
    return root?.childNodes.length ? new DrawnLauncher(root) : null;
  }

  /** Resolves when the swap may happen: after a task, and after a press on the drawn launcher ended (or its click would be lost). */
  async settled(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    if (!this.#root.querySelector('[part="launcher"]:active')) return;
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 2000);
      window.addEventListener('pointerup', () => setTimeout(() => resolve(clearTimeout(timer))), { once: true, capture: true });
    });
  }

  /** Removes the drawn nodes; true when the drawn launcher had the focus (the element's own should take it). */
  remove(): boolean {
    const focused = this.#root.activeElement?.getAttribute('part') === 'launcher';
    for (const node of this.#nodes) node.remove();
    return focused;
  }
}
