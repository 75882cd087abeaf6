// The large-font presenter mode, for projecting in class. Remembered across reloads.
const STORAGE_KEY = 'kafka-lab.presenter';

export class PresenterMode {
  #on = $state(false);
  readonly #storage: Storage | null;

  constructor(storage: Storage | null) {
    this.#storage = storage;
    this.#on = storage?.getItem(STORAGE_KEY) === 'on';
  }

  get on(): boolean {
    return this.#on;
  }

  toggle(): void {
    this.#on = !this.#on;
    this.#storage?.setItem(STORAGE_KEY, this.#on ? 'on' : 'off');
  }
}
