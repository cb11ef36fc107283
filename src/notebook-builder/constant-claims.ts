// Claims that cannot fail: a claim's check that depends only on literals and constants (`0.9 ** 60
// < 0.01`, `LIVE_RECIPE.units === 64`, `sigmoid(3) > 0.95`) is arithmetic on typed numbers or a
// constant compared with itself. Such a number is printed by a cell, not claimed.
//
// The chapter's code cells are read in order (top-level statements, on the syntax tree). A name is
// a constant when it is
//   - bound by `const`/`let` to a constant expression and never changed afterwards (assigned,
//     incremented, or mutated by a method such as push/set/fill, anywhere in a later statement,
//     arrow functions included), or
//   - imported under a SCREAMING_CASE name (the project's convention for constants: recipes,
//     defaults).
// An expression is constant when it is built only from literals, constants, operators, array and
// object literals, property access on constants, `Math.*` / `Number.*` and the pure functions in
// PURE_FUNCTIONS applied to constants. A comparison of an expression with itself (`a === a`,
// `x <= x`) cannot fail either.
//
// What it cannot see: a pure function not in PURE_FUNCTIONS called on literals (any other call
// counts as computing something), a constant object changed by a function it is handed to (it is
// still taken as a constant) or through an alias, a constant read through a non-SCREAMING_CASE import, and checks that cannot
// fail for logical reasons (`x > 0 || x <= 0`).
import ts from "typescript";

/** Functions of the course library (and JavaScript) whose result is fixed by their arguments. */
export const PURE_FUNCTIONS = new Set([
  "sigmoid",
  "hardSigmoid",
  "tanh",
  "relu",
  "softplus",
  "softmax",
  "exp",
  "log",
  "sqrt",
  "Number",
  "String",
  "Boolean",
  "parseInt",
  "parseFloat",
  "isFinite",
  "isNaN",
]);

/** Namespaces whose every member is a constant or a pure function. */
const PURE_NAMESPACES = new Set(["Math", "Number", "JSON"]);
const CONSTANT_GLOBALS = new Set(["undefined", "NaN", "Infinity"]);
/** Methods that change the object they are called on. */
const MUTATING_METHODS = new Set([
  "push",
  "pop",
  "shift",
  "unshift",
  "splice",
  "set",
  "add",
  "delete",
  "clear",
  "fill",
  "sort",
  "reverse",
  "copyWithin",
  "assign",
]);
/** Methods of strings, numbers and arrays that compute from their receiver and arguments alone. */
const PURE_METHODS = new Set([
  "toFixed",
  "toPrecision",
  "toString",
  "join",
  "includes",
  "indexOf",
  "slice",
  "at",
  "concat",
  "startsWith",
  "endsWith",
  "padStart",
  "padEnd",
  "trim",
  "split",
  "toUpperCase",
  "toLowerCase",
  "repeat",
  "charAt",
]);
const SCREAMING_CASE = /^[A-Z][A-Z0-9_]*$/;
const COMPARISONS = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
]);

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** The identifier an expression is rooted at (`a` in `a.b[0].c`), if any. */
function rootName(node: ts.Expression): string | undefined {
  let current: ts.Expression = node;
  for (;;) {
    if (ts.isIdentifier(current)) return current.text;
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
      current = current.expression;
    } else if (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) {
      current = current.expression;
    } else {
      return undefined;
    }
  }
}

function bindingNames(name: ts.BindingName, out: string[] = []): string[] {
  if (ts.isIdentifier(name)) out.push(name.text);
  else
    for (const element of name.elements)
      if (!ts.isOmittedExpression(element)) bindingNames(element.name, out);
  return out;
}

/** Reads a chapter's cells in order and tells whether an expression could ever change. */
export class ConstantTracker {
  private readonly constants = new Set<string>();

  /** Takes in one code cell's top-level declarations and what it changes. */
  addCell(code: string): void {
    const file = ts.createSourceFile(
      "cell.ts",
      code,
      ts.ScriptTarget.ES2022,
      true,
      ts.ScriptKind.TS,
    );
    for (const statement of file.statements) {
      if (ts.isImportDeclaration(statement)) {
        const bindings = statement.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) {
          for (const element of bindings.elements) {
            if (SCREAMING_CASE.test(element.name.text)) this.constants.add(element.name.text);
            else this.constants.delete(element.name.text);
          }
        }
        continue;
      }
      // what the statement changes, before what it declares (`const a = f(a)` is computed)
      this.forgetChanged(statement);
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          const constant =
            declaration.initializer !== undefined && this.isConstant(declaration.initializer);
          for (const name of bindingNames(declaration.name)) {
            if (constant) this.constants.add(name);
            else this.constants.delete(name);
          }
        }
      } else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) {
        if (statement.name) this.constants.delete(statement.name.text);
      }
    }
  }

  /** Names that a statement assigns, increments, mutates or hands to a call stop being constant. */
  private forgetChanged(statement: ts.Node): void {
    const forget = (target: ts.Expression) => {
      const name = rootName(target);
      if (name) this.constants.delete(name);
    };
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
        forget(node.left);
      } else if (
        (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
        (node.operator === ts.SyntaxKind.PlusPlusToken ||
          node.operator === ts.SyntaxKind.MinusMinusToken)
      ) {
        forget(node.operand);
      } else if (ts.isCallExpression(node)) {
        const callee = node.expression;
        if (ts.isPropertyAccessExpression(callee) && MUTATING_METHODS.has(callee.name.text)) {
          forget(callee.expression);
        }
      } else if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
        const initializer = node.initializer;
        if (!ts.isVariableDeclarationList(initializer)) forget(initializer);
      }
      ts.forEachChild(node, visit);
    };
    visit(statement);
  }

  /** Is this expression built only from literals and constants (so it can never change)? */
  isConstant(node: ts.Expression): boolean {
    if (
      ts.isNumericLiteral(node) ||
      ts.isBigIntLiteral(node) ||
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isRegularExpressionLiteral(node)
    ) {
      return true;
    }
    switch (node.kind) {
      case ts.SyntaxKind.TrueKeyword:
      case ts.SyntaxKind.FalseKeyword:
      case ts.SyntaxKind.NullKeyword:
        return true;
    }
    if (ts.isIdentifier(node)) {
      return this.constants.has(node.text) || CONSTANT_GLOBALS.has(node.text);
    }
    if (
      ts.isParenthesizedExpression(node) ||
      ts.isAsExpression(node) ||
      ts.isNonNullExpression(node) ||
      ts.isSatisfiesExpression(node) ||
      ts.isTypeOfExpression(node) ||
      ts.isSpreadElement(node)
    ) {
      return this.isConstant(node.expression);
    }
    if (ts.isPrefixUnaryExpression(node)) return this.isConstant(node.operand);
    if (ts.isBinaryExpression(node)) {
      return (
        !isAssignmentOperator(node.operatorToken.kind) &&
        this.isConstant(node.left) &&
        this.isConstant(node.right)
      );
    }
    if (ts.isConditionalExpression(node)) {
      return (
        this.isConstant(node.condition) &&
        this.isConstant(node.whenTrue) &&
        this.isConstant(node.whenFalse)
      );
    }
    if (ts.isTemplateExpression(node)) {
      return node.templateSpans.every((span) => this.isConstant(span.expression));
    }
    if (ts.isArrayLiteralExpression(node)) return node.elements.every((e) => this.isConstant(e));
    if (ts.isObjectLiteralExpression(node)) {
      return node.properties.every(
        (property) =>
          (ts.isPropertyAssignment(property) &&
            !ts.isComputedPropertyName(property.name) &&
            this.isConstant(property.initializer)) ||
          (ts.isShorthandPropertyAssignment(property) && this.isConstant(property.name)) ||
          (ts.isSpreadAssignment(property) && this.isConstant(property.expression)),
      );
    }
    if (ts.isPropertyAccessExpression(node)) {
      const base = node.expression;
      if (ts.isIdentifier(base) && PURE_NAMESPACES.has(base.text)) return true;
      return this.isConstant(base);
    }
    if (ts.isElementAccessExpression(node)) {
      return this.isConstant(node.expression) && this.isConstant(node.argumentExpression);
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const pureCallee =
        (ts.isIdentifier(callee) && PURE_FUNCTIONS.has(callee.text)) ||
        (ts.isPropertyAccessExpression(callee) &&
          ((ts.isIdentifier(callee.expression) && PURE_NAMESPACES.has(callee.expression.text)) ||
            (PURE_METHODS.has(callee.name.text) && this.isConstant(callee.expression))));
      return pureCallee && node.arguments.every((argument) => this.isConstant(argument));
    }
    return false;
  }

  /**
   * Why a claim's check cannot fail, or undefined when it can: it depends only on literals and
   * constants, or it compares an expression with itself.
   */
  cannotFail(check: ts.Expression, file: ts.SourceFile): string | undefined {
    if (this.isConstant(check)) {
      return "depends only on literals and constants";
    }
    let same: string | undefined;
    const visit = (node: ts.Node): void => {
      if (
        same === undefined &&
        ts.isBinaryExpression(node) &&
        COMPARISONS.has(node.operatorToken.kind) &&
        node.left.getText(file).replace(/\s+/g, "") === node.right.getText(file).replace(/\s+/g, "")
      ) {
        same = `compares ${node.left.getText(file)} with itself`;
      }
      ts.forEachChild(node, visit);
    };
    visit(check);
    return same;
  }
}
