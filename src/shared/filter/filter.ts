/**
 * A filter expression compiled to one predicate over an entry's row (plus its text and findings
 * when a term needs them). Compiled once per query, then run over every entry of the session in
 * main: the renderer never holds more than the rows it shows.
 */
import { FilterSyntaxError, parseFilter, type FilterNode } from './syntax';
import {
  FilterValueError,
  TERMS_BY_NAME,
  type FilterContext,
  type FilterSubject,
  type Predicate,
} from './terms';

export interface FilterError {
  message: string;
  /** Where in the filter text (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
}

export interface CompiledFilter {
  predicate: Predicate;
  /** Whether the predicate reads the frame text / the findings: the caller fetches them only then. */
  reads: { raw: boolean; findings: boolean };
}

export type CompileResult = { ok: true; filter: CompiledFilter } | { ok: false; error: FilterError };

/** Longer filters are a paste gone wrong (or an attack on the parser). */
export const MAX_FILTER_LENGTH = 4096;

function build(node: FilterNode, context: FilterContext, reads: CompiledFilter['reads']): Predicate {
  switch (node.kind) {
    case 'and': {
      const left = build(node.left, context, reads);
      const right = build(node.right, context, reads);
      return (subject) => left(subject) && right(subject);
    }
    case 'or': {
      const left = build(node.left, context, reads);
      const right = build(node.right, context, reads);
      return (subject) => left(subject) || right(subject);
    }
    case 'not': {
      const operand = build(node.operand, context, reads);
      return (subject) => !operand(subject);
    }
    case 'text':
      return build({ ...node, kind: 'term', name: 'text', op: ':', valueSpan: node }, context, reads);
    case 'term': {
      const term = TERMS_BY_NAME.get(node.name)!;
      if (term.reads === 'raw') reads.raw = true;
      if (term.reads === 'findings') reads.findings = true;
      try {
        return term.compile(node.value, node.op, context);
      } catch (error) {
        if (!(error instanceof FilterValueError)) throw error;
        throw new FilterSyntaxError(error.message, node.valueSpan.start, node.valueSpan.end);
      }
    }
  }
}

export function compileFilter(text: string, context: FilterContext = {}): CompileResult {
  if (text.length > MAX_FILTER_LENGTH) {
    return {
      ok: false,
      error: {
        message: `a filter is at most ${MAX_FILTER_LENGTH} characters`,
        start: MAX_FILTER_LENGTH,
        end: text.length,
      },
    };
  }
  try {
    const reads = { raw: false, findings: false };
    const predicate = build(
      parseFilter(text, (name) => TERMS_BY_NAME.has(name)),
      context,
      reads,
    );
    return { ok: true, filter: { predicate, reads } };
  } catch (error) {
    if (!(error instanceof FilterSyntaxError)) throw error;
    return { ok: false, error: { message: error.message, start: error.start, end: error.end } };
  }
}

export type { FilterContext, FilterSubject, Predicate };
