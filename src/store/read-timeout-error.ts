/** A read that ran past its time budget (Store.readWithin); the query layer answers QUERY_TIMEOUT. */
export class ReadTimeoutError extends Error {
  constructor() {
    super('The read ran past its time budget');
    this.name = 'ReadTimeoutError';
  }
}
