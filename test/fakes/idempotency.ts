/**
 * Powertools idempotency kept in a map instead of DynamoDB: the real key derivation, payload
 * validation and replay logic run unchanged, and only the four storage calls are in memory. A
 * unit test swaps it in for DynamoDBPersistenceLayer with vi.mock.
 */
import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyRecordStatus,
} from "@aws-lambda-powertools/idempotency";
import { BasePersistenceLayer, type IdempotencyRecord } from "@aws-lambda-powertools/idempotency/persistence";

export class MemoryPersistenceLayer extends BasePersistenceLayer {
  readonly records = new Map<string, IdempotencyRecord>();

  /** What DynamoDB's condition lets a new claim overwrite: nothing, an expired record, an abandoned claim. */
  #isTaken(record: IdempotencyRecord | undefined): record is IdempotencyRecord {
    if (!record || record.isExpired()) return false;
    const abandoned =
      record.getStatus() === IdempotencyRecordStatus.INPROGRESS &&
      record.inProgressExpiryTimestamp !== undefined &&
      record.inProgressExpiryTimestamp < Date.now();
    return !abandoned;
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const record = this.records.get(idempotencyKey);
    if (!record) throw new IdempotencyItemNotFoundError();
    return record;
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    if (this.#isTaken(existing)) {
      throw new IdempotencyItemAlreadyExistsError(`${record.idempotencyKey} exists`, existing);
    }
    this.records.set(record.idempotencyKey, record);
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.records.set(record.idempotencyKey, record);
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }
}
