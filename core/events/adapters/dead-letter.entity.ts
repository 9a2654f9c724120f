import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An asynchronous invocation that failed every attempt, kept for engineers to inspect and replay. */
@Entity({ name: 'dead_letters' })
export class DeadLetterEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'function_name', type: 'varchar', length: 64 })
  functionName!: string;

  /** The event as it was sent, byte for byte. */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ name: 'error_type', type: 'varchar', length: 200 })
  errorType!: string;

  @Column({ name: 'error_message', type: 'varchar', length: 2000 })
  errorMessage!: string;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'failed_at', type: Date })
  failedAt!: Date;

  @Column({ name: 'replayed_at', type: Date, nullable: true })
  replayedAt!: Date | null;
}
