/**
 * A stand-in for the DynamoDB document client, for unit tests of the store and the repositories:
 * it records every command it is sent (by class name, with its input) and answers with whatever
 * the test scripts. A test file swaps it in with
 *
 *   vi.mock("../../shared/platform/store/client.ts", async () => (await import("../fakes/dynamo.ts")).mockedClientModule());
 *
 * Repositories are tested for the requests they build; DynamoDB's own behaviour is the system
 * tests' business (DynamoDB Local).
 */
/** A command's input, with the parts tests read typed. */
export type SentInput = Record<string, unknown> & {
  ExpressionAttributeValues?: Record<string, unknown>;
  /** Puts (records, audit entries) first; a counter's Update or a ConditionCheck may follow them. */
  TransactItems?: {
    Put: {
      Item: Record<string, unknown>;
      ConditionExpression?: string;
      ExpressionAttributeValues?: Record<string, unknown>;
    };
    Update?: {
      Key: Record<string, unknown>;
      UpdateExpression: string;
      ConditionExpression?: string;
      ExpressionAttributeNames?: Record<string, string>;
      ExpressionAttributeValues: Record<string, unknown>;
    };
    ConditionCheck?: {
      Key: Record<string, unknown>;
      ConditionExpression: string;
      ExpressionAttributeValues: Record<string, unknown>;
    };
  }[];
  RequestItems?: Record<string, { Keys: Record<string, unknown>[] }>;
  Item?: Record<string, unknown>;
};

export type SentCommand = { name: string; input: SentInput };

type Answer = (command: SentCommand) => unknown;

const sent: SentCommand[] = [];
let answer: Answer = () => ({});

export const fakeDynamo = {
  sent,
  /** How the table answers from now on; throw from it to fail the call. */
  answer(next: Answer): void {
    answer = next;
  },
  /** Answers each call with the next reply of the list, then with empty replies. */
  answerInTurn(...replies: unknown[]): void {
    const queue = [...replies];
    answer = () => {
      const reply = queue.shift() ?? {};
      if (reply instanceof Error) throw reply;
      return reply;
    };
  },
  reset(): void {
    sent.length = 0;
    answer = () => ({});
  },
  /** The inputs of the commands of one kind, in the order they were sent. */
  inputsOf(name: string): SentInput[] {
    return sent.filter((command) => command.name === name).map((command) => command.input);
  },
  /** The input of the last command of one kind; fails the test when none was sent. */
  last(name: string): SentInput {
    const input = this.inputsOf(name).at(-1);
    if (!input) throw new Error(`no ${name} was sent`);
    return input;
  },
  client: {
    async send(command: { constructor: { name: string }; input: unknown }): Promise<unknown> {
      const entry = { name: command.constructor.name, input: command.input as SentInput };
      sent.push(entry);
      return answer(entry);
    },
  },
};

/** The module shared/platform/store/client.ts, with the fake in place of both clients. */
export const mockedClientModule = () => ({
  dynamo: () => fakeDynamo.client,
  dynamoClient: () => fakeDynamo.client,
});

/** An error shaped like the SDK's, by name (and cancellation reasons for transactions). */
export const awsError = (name: string, extra: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(name), { name, ...extra });
