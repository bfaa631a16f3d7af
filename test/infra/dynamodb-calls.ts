/**
 * The DynamoDB actions a function's code can perform, found from its entry point rather than
 * declared, so the manifest's grants can be checked against the code (table-access.test.ts).
 *
 * Why a walk over the TypeScript program and not a scan of the bundle alone: esbuild keeps every
 * method of an object it keeps, so a repository used for one listing brings its writers into the
 * bundle too (the violations function holds createIfAbsent, which the sweep runner calls). The walk
 * starts at functions/<name>/handler.ts and follows what is referenced: functions called, values
 * read, and, for a call through a type's member (`deps.violations.list(...)`), the members of that
 * name of every object of that type in the function's bundle (esbuild's metafile says which
 * modules it holds). Code the walk reaches outside the bundle is reported, so both views agree.
 */
import path from "node:path";
import ts from "typescript";

/** Every IAM action the walk can name; a command outside this map fails the walk. */
const commandActions: Record<string, readonly string[]> = {
  GetCommand: ["GetItem"],
  GetItemCommand: ["GetItem"],
  PutCommand: ["PutItem"],
  PutItemCommand: ["PutItem"],
  UpdateCommand: ["UpdateItem"],
  UpdateItemCommand: ["UpdateItem"],
  DeleteCommand: ["DeleteItem"],
  DeleteItemCommand: ["DeleteItem"],
  QueryCommand: ["Query"],
  ScanCommand: ["Scan"],
  BatchGetCommand: ["BatchGetItem"],
  BatchGetItemCommand: ["BatchGetItem"],
  BatchWriteCommand: ["BatchWriteItem"],
  BatchWriteItemCommand: ["BatchWriteItem"],
  // IAM authorises a transaction through the item actions of its operations (see transactionItemActions),
  // not through an action of its own.
  TransactWriteCommand: [],
  TransactWriteItemsCommand: [],
  TransactGetCommand: [],
  TransactGetItemsCommand: [],
};

/**
 * "Permissions for Put, Update, Delete, and Get actions are governed by the permissions used for the
 * underlying PutItem, UpdateItem, DeleteItem, and GetItem operations. For the ConditionCheck action,
 * you can use the dynamodb:ConditionCheckItem permission" (DynamoDB developer guide, "Using IAM with
 * DynamoDB transactions"). The walk takes an object literal naming a TableName under one of these
 * keys for such an operation, which is how every transaction item here is written.
 */
const transactionItemActions: Record<string, string> = {
  Put: "PutItem",
  Update: "UpdateItem",
  Delete: "DeleteItem",
  ConditionCheck: "ConditionCheckItem",
  Get: "GetItem",
};

const dynamoPackages = /node_modules\/@aws-sdk\/(lib-dynamodb|client-dynamodb)\//;

export type DynamoUsage = {
  /** IAM action (without "dynamodb:") and where in the code it comes from. */
  actions: Map<string, string[]>;
  /** Modules the walk entered that esbuild did not bundle; empty when both views agree. */
  outsideBundle: string[];
};

export type WalkOptions = {
  repoRoot: string;
  /** The function's entry, walked whole. */
  entry: string;
  /** Repository-relative paths of the modules in the function's bundle (esbuild's metafile). */
  bundled: ReadonlySet<string>;
};

export type DynamoProgram = { usageOf: (options: WalkOptions) => DynamoUsage };

/** One program over every entry: the type checker is built once for all functions. */
export const dynamoProgram = (repoRoot: string, entries: string[]): DynamoProgram => {
  const configFile = ts.readConfigFile(path.join(repoRoot, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, repoRoot);
  const program = ts.createProgram(entries, { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const ours = (file: ts.SourceFile) => !file.fileName.includes("/node_modules/") && !file.isDeclarationFile;

  // Each member a type declares, mapped to the members of that name of every object literal typed
  // as it: where a call through the type can land. Keyed by the member's declaration, which Pick<>
  // and other mapped types keep while making symbols of their own.
  const implementations = new Map<ts.Node, ts.Node[]>();
  const membersByName = new Map<string, ts.Node[]>();
  const contextualMember = (
    literal: ts.ObjectLiteralExpression,
    property: ts.ObjectLiteralElementLike,
  ): ts.Symbol | undefined => {
    const name = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
    const contextual = name ? checker.getContextualType(literal) : undefined;
    return name && contextual ? checker.getPropertyOfType(contextual, name) : undefined;
  };
  const visitLiterals = (node: ts.Node): void => {
    if ((ts.isMethodDeclaration(node) || ts.isPropertyAssignment(node)) && ts.isIdentifier(node.name)) {
      membersByName.set(node.name.text, [...(membersByName.get(node.name.text) ?? []), node]);
    }
    if (ts.isObjectLiteralExpression(node)) {
      for (const property of node.properties) {
        for (const declaration of contextualMember(node, property)?.declarations ?? []) {
          implementations.set(declaration, [...(implementations.get(declaration) ?? []), property]);
        }
      }
    }
    ts.forEachChild(node, visitLiterals);
  };
  for (const file of program.getSourceFiles()) if (ours(file)) visitLiterals(file);

  const isFunctionLike = (node: ts.Node | undefined): boolean =>
    node !== undefined &&
    (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node));

  /**
   * A function member of an object literal runs when something calls it: our code through its
   * member (followed by the walk), or a library whose type declares the member (a middleware's
   * `before`), which the walk cannot follow, so the member counts as reached with the object.
   */
  const calledOnlyByOurCode = (literal: ts.ObjectLiteralExpression, property: ts.Node): boolean => {
    const isFunctionMember =
      ts.isMethodDeclaration(property) ||
      (ts.isPropertyAssignment(property) && isFunctionLike(property.initializer));
    if (!isFunctionMember) return false;
    const declarations = contextualMember(literal, property)?.declarations ?? [];
    return declarations.every((declaration) => ours(declaration.getSourceFile()));
  };

  const usageOf = ({ repoRoot: root, entry, bundled }: WalkOptions): DynamoUsage => {
    const actions = new Map<string, string[]>();
    const outsideBundle = new Set<string>();
    const seen = new Set<ts.Node>();
    const relative = (node: ts.Node) => path.relative(root, node.getSourceFile().fileName);
    const where = (node: ts.Node) => {
      const { line } = node.getSourceFile().getLineAndCharacterOfPosition(node.getStart());
      return `${relative(node)}:${line + 1}`;
    };
    const record = (action: string, node: ts.Node) =>
      actions.set(action, [...(actions.get(action) ?? []), where(node)]);

    const queue: ts.Node[] = [];
    const reach = (node: ts.Node) => {
      if (seen.has(node) || node.getSourceFile().isDeclarationFile) return;
      if (node.getSourceFile().fileName.includes("/node_modules/")) return;
      const module = relative(node);
      if (!bundled.has(module)) outsideBundle.add(module);
      seen.add(node);
      queue.push(node);
    };

    const reachSymbol = (symbol: ts.Symbol | undefined) => {
      if (!symbol) return;
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      // Types run nothing; following them would reach every object of every type they mention.
      if (!(target.flags & ts.SymbolFlags.Value)) return;
      for (const declaration of target.declarations ?? []) {
        // A member of a type: wherever an object of that type defines it.
        if (ts.isPropertySignature(declaration) || ts.isMethodSignature(declaration)) {
          // A library's own member (String#replace) runs library code, never ours by that name.
          if (!ours(declaration.getSourceFile())) continue;
          // Only objects this bundle holds can be the ones called. An object not declared as the
          // type (one a factory returns, say) could still be: then every member of that name is.
          const inBundle = (nodes: ts.Node[] | undefined) =>
            (nodes ?? []).filter((node) => bundled.has(relative(node)));
          const declared = inBundle(implementations.get(declaration));
          for (const implementation of declared.length > 0
            ? declared
            : inBundle(membersByName.get(target.name))) {
            reach(implementation);
          }
        } else if (!ts.isSourceFile(declaration) && !ts.isModuleDeclaration(declaration)) {
          reach(declaration);
        }
      }
    };

    const commandOf = (node: ts.NewExpression): string | undefined => {
      const symbol = checker.getSymbolAtLocation(node.expression);
      const target =
        symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const declaration = target?.declarations?.[0];
      const name = target?.name ?? "";
      return declaration &&
        dynamoPackages.test(declaration.getSourceFile().fileName) &&
        name.endsWith("Command")
        ? name
        : undefined;
    };

    /**
     * Walks what runs when `node` does. An object literal's function members run only when called,
     * so they are reached through their member, not through the object; the entry is walked whole
     * because its objects of operations are called by name (httpHandler).
     */
    const walk = (node: ts.Node, whole: boolean) => {
      if (ts.isNewExpression(node)) {
        const command = commandOf(node);
        if (command !== undefined) {
          const granted = commandActions[command];
          if (!granted)
            throw new Error(`${where(node)}: ${command} is not in commandActions; add its IAM actions`);
          for (const action of granted) record(action, node);
        }
      }
      if (
        ts.isPropertyAssignment(node) &&
        ts.isIdentifier(node.name) &&
        ts.isObjectLiteralExpression(node.initializer)
      ) {
        const action = transactionItemActions[node.name.text];
        if (action && node.initializer.properties.some((p) => p.name?.getText() === "TableName"))
          record(action, node);
      }
      if (ts.isIdentifier(node)) {
        reachSymbol(checker.getSymbolAtLocation(node));
      }
      if (ts.isShorthandPropertyAssignment(node)) {
        reachSymbol(checker.getShorthandAssignmentValueSymbol(node));
      }
      ts.forEachChild(node, (child) => {
        if (ts.isTypeNode(child) || ts.isImportDeclaration(child) || ts.isTypeAliasDeclaration(child)) return;
        if (!whole && ts.isObjectLiteralExpression(node) && calledOnlyByOurCode(node, child)) return;
        walk(child, whole);
      });
    };

    const entryFile = program.getSourceFile(entry);
    if (!entryFile) throw new Error(`${entry} is not in the program`);
    walk(entryFile, true);
    for (let node = queue.shift(); node !== undefined; node = queue.shift()) walk(node, false);
    return { actions, outsideBundle: [...outsideBundle].sort() };
  };

  return { usageOf };
};
