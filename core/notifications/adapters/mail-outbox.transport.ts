import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

const safeFileStem = /^[\w-]{1,100}$/;

/** The file name of a message: `<local part of its Message-ID>.eml` (the delivery id). */
function fileNameOf(messageId: string | undefined): string {
  const stem = /^<([^@>]+)@/.exec(messageId ?? '')?.[1];
  if (!stem || !safeFileStem.test(stem)) throw new Error(`cannot name an .eml file after Message-ID ${messageId ?? '(none)'}`);
  return `${stem}.eml`;
}

async function writeAtomically(file: string, content: Buffer): Promise<void> {
  // Written under a temporary name and renamed, so a reader never sees half a message.
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, content);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * A nodemailer transport that writes each message as `<Message-ID local part>.eml` into a folder:
 * e-mail on one machine without a mail server. A retried message overwrites its own file.
 */
export function createOutboxTransport(directory: string): Transporter {
  return nodemailer.createTransport({
    name: 'mail-outbox',
    version: '1.0.0',
    send(mail, callback) {
      const file = path.join(directory, fileNameOf(mail.data.messageId));
      mail.message
        .build()
        .then(async (content) => {
          await mkdir(directory, { recursive: true });
          await writeAtomically(file, content);
          callback(null, { envelope: mail.message.getEnvelope(), messageId: mail.message.messageId(), file });
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), undefined));
    },
  });
}
