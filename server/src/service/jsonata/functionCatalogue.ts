/**
 * The functions a JSONata expression in a sync job template can call: JSONata's own built-ins
 * (jsonata 2.2.1) and the extensions `@truto/truto-jsonata` registers. Where Truto registers a
 * function JSONata also has (`$string`, `$keys`, `$join`, `$each`, `$sift`, `$base64encode`,
 * `$base64decode`), Truto's version is the one that runs, so it is the one documented here.
 * Descriptions are in our words. A test loads `@truto/truto-jsonata` and fails when the names it
 * registers and TRUTO_FUNCTION_NAMES differ, so a new release is noticed.
 */

export interface FunctionParameter {
  readonly name: string;
  /** A short type: `string`, `number`, `array`, `object`, `function`, `any`, … */
  readonly type: string;
  readonly optional?: boolean;
  /** Takes any number of arguments from here on. */
  readonly rest?: boolean;
}

export interface FunctionDoc {
  /** Without the `$`. */
  readonly name: string;
  readonly parameters: readonly FunctionParameter[];
  readonly returns: string;
  /** One line, in our words. */
  readonly description: string;
  /** Who provides the version that runs in Truto. */
  readonly source: 'jsonata' | 'truto';
}

type Row = readonly [name: string, parameters: string, returns: string, description: string];

/** `a:string, b?:number, ...c:any` → parameters. */
function parameters(spec: string): FunctionParameter[] {
  if (spec.trim() === '') return [];
  return spec.split(',').map((part) => {
    const [rawName, type = 'any'] = part.trim().split(':');
    const rest = rawName.startsWith('...');
    const optional = rawName.endsWith('?');
    const name = rawName.replace(/^\.\.\./, '').replace(/\?$/, '');
    return { name, type, ...(optional ? { optional } : {}), ...(rest ? { rest } : {}) };
  });
}

const JSONATA_ROWS: readonly Row[] = [
  // Aggregation
  ['sum', 'array:array<number>', 'number', 'Adds up the numbers of an array.'],
  ['count', 'array:array', 'number', 'How many items an array has (1 for a single value, 0 for nothing).'],
  ['max', 'array:array<number>', 'number', 'The largest number of an array.'],
  ['min', 'array:array<number>', 'number', 'The smallest number of an array.'],
  ['average', 'array:array<number>', 'number', 'The mean of the numbers of an array.'],
  // Strings
  ['substring', 'str:string, start:number, length?:number', 'string', 'Part of a string from a position (negative counts from the end), optionally of a given length.'],
  ['substringBefore', 'str:string, chars:string', 'string', 'The part of a string before the first occurrence of some characters.'],
  ['substringAfter', 'str:string, chars:string', 'string', 'The part of a string after the first occurrence of some characters.'],
  ['lowercase', 'str:string', 'string', 'The string in lower case.'],
  ['uppercase', 'str:string', 'string', 'The string in upper case.'],
  ['length', 'str:string', 'number', 'The number of characters of a string.'],
  ['trim', 'str:string', 'string', 'Removes leading and trailing whitespace and collapses inner runs of whitespace to one space.'],
  ['pad', 'str:string, width:number, char?:string', 'string', 'Pads a string to a width: on the right for a positive width, on the left for a negative one.'],
  ['match', 'str:string, pattern:regex, limit?:number', 'array<object>', 'Every match of a regular expression in a string, with its index and groups.'],
  ['contains', 'str:string, pattern:string|regex', 'boolean', 'Whether a string contains some text or matches a regular expression.'],
  ['replace', 'str:string, pattern:string|regex, replacement:string|function, limit?:number', 'string', 'Replaces occurrences of text or of a regular expression in a string.'],
  ['split', 'str:string, separator:string|regex, limit?:number', 'array<string>', 'Splits a string into an array at a separator.'],
  ['formatNumber', 'number:number, picture:string, options?:object', 'string', 'Formats a number with a decimal picture such as "#,##0.00".'],
  ['formatBase', 'number:number, radix?:number', 'string', 'Writes a number in another base (2 to 36).'],
  ['formatInteger', 'number:number, picture:string', 'string', 'Writes an integer as words, roman numerals or with a picture such as "000".'],
  ['parseInteger', 'str:string, picture:string', 'number', 'Reads an integer written as $formatInteger would write it.'],
  ['encodeUrlComponent', 'str:string', 'string', 'Percent-encodes a string for use as one URL component.'],
  ['encodeUrl', 'str:string', 'string', 'Percent-encodes the characters a whole URL cannot hold.'],
  ['decodeUrlComponent', 'str:string', 'string', 'Decodes a percent-encoded URL component.'],
  ['decodeUrl', 'str:string', 'string', 'Decodes a percent-encoded URL.'],
  ['eval', 'expression:string, context?:any', 'any', 'Parses and evaluates a JSONata expression given as a string.'],
  // Numbers
  ['number', 'arg:string|number|boolean', 'number', 'Converts a string or boolean to a number.'],
  ['floor', 'number:number', 'number', 'Rounds down to an integer.'],
  ['ceil', 'number:number', 'number', 'Rounds up to an integer.'],
  ['round', 'number:number, precision?:number', 'number', 'Rounds half to even, to a number of decimal places.'],
  ['abs', 'number:number', 'number', 'The absolute value of a number.'],
  ['sqrt', 'number:number', 'number', 'The square root of a number.'],
  ['power', 'base:number, exponent:number', 'number', 'A number raised to a power.'],
  ['random', '', 'number', 'A random number between 0 (inclusive) and 1 (exclusive).'],
  // Booleans
  ['boolean', 'arg:any', 'boolean', 'The truthiness of a value, as JSONata defines it.'],
  ['not', 'arg:any', 'boolean', 'The opposite of a value\'s truthiness.'],
  ['exists', 'arg:any', 'boolean', 'Whether an expression has a value (true even for null, false for nothing).'],
  // Arrays and higher-order functions
  ['map', 'array:array, function:function', 'array', 'Calls a function on each item of an array and collects the results.'],
  ['zip', '...arrays:array', 'array', 'Pairs up the items of several arrays by position.'],
  ['filter', 'array:array, function:function', 'array', 'The items of an array for which a function returns true.'],
  ['single', 'array:array, function?:function', 'any', 'The one item of an array that matches a function; an error when none or several do.'],
  ['reduce', 'array:array, function:function, init?:any', 'any', 'Folds an array into one value with a function of (accumulator, item).'],
  ['append', 'array1:any, array2:any', 'array', 'Joins two values or arrays into one array.'],
  ['reverse', 'array:array', 'array', 'The items of an array in reverse order.'],
  ['sort', 'array:array, function?:function', 'array', 'Sorts an array, by natural order or with a function of (a, b) that returns true when a goes after b.'],
  ['shuffle', 'array:array', 'array', 'The items of an array in random order.'],
  ['distinct', 'array:array', 'array', 'An array without duplicate items.'],
  // Objects
  ['lookup', 'object:object, key:string', 'any', 'The value of a key of an object (or of each object of an array).'],
  ['spread', 'object:object', 'array<object>', 'Splits an object into an array of one-key objects.'],
  ['merge', 'array:array<object>', 'object', 'Merges an array of objects into one object (later keys win).'],
  ['error', 'message?:string', 'never', 'Stops the evaluation with an error and a message.'],
  ['assert', 'condition:boolean, message?:string', 'undefined', 'Stops the evaluation with an error when a condition is false.'],
  ['type', 'value:any', 'string', 'The type of a value: "null", "number", "string", "boolean", "array", "object" or "function".'],
  ['clone', 'value:object|array', 'object', 'A deep copy of an object or array.'],
  // Dates and times
  ['now', 'picture?:string, timezone?:string', 'string', 'The time the evaluation started, as an ISO 8601 timestamp (or formatted with a picture).'],
  ['millis', '', 'number', 'The time the evaluation started, in milliseconds since the Unix epoch.'],
  ['fromMillis', 'millis:number, picture?:string, timezone?:string', 'string', 'Milliseconds since the Unix epoch as an ISO 8601 timestamp (or formatted with a picture).'],
  ['toMillis', 'timestamp:string, picture?:string', 'number', 'An ISO 8601 timestamp (or one read with a picture) as milliseconds since the Unix epoch.'],
];

/** Functions `@truto/truto-jsonata` 3.x registers, including its versions of some built-ins. */
const TRUTO_ROWS: readonly Row[] = [
  // JSONata names Truto replaces with its own version
  ['string', 'value:any, prettify?:boolean', 'string', 'Converts a value to a string (JSON for objects and arrays, indented when prettify is true); Truto\'s version also handles its native values.'],
  ['keys', 'object:object', 'array<string>', 'The keys of an object (or of each object of an array); Truto\'s version also handles its native values.'],
  ['join', 'array:array, separator?:string', 'string', 'Joins the items of an array into a string with a separator (a single value counts as an array of one).'],
  ['each', 'object:object, function:function', 'array', 'Calls a function of (value, key) on each key of an object and collects the results (Truto\'s version awaits asynchronous results).'],
  ['sift', 'object:object, function?:function', 'object', 'The keys of an object for which a function of (value, key) returns true (Truto\'s version awaits asynchronous results).'],
  ['base64encode', 'input:string, urlSafe?:boolean', 'string', 'Encodes text or binary data as base64 (URL-safe alphabet when urlSafe is true).'],
  ['base64decode', 'base64:string, urlSafe?:boolean', 'string', 'Decodes base64 (or URL-safe base64) to text.'],
  // Values
  ['firstNonEmpty', '...values:any', 'any', 'The first argument that is neither null nor undefined.'],
  ['removeEmpty', 'value:array|string', 'any', 'The value when it is non-empty; undefined for an empty array or string (so the key is left out).'],
  ['removeEmptyItems', 'array:array', 'array', 'An array without its empty items (null, undefined, empty strings, arrays and objects).'],
  ['toNumber', 'value:any', 'number', 'Converts a value to a number (lodash rules: "12" → 12, null → 0).'],
  ['jsonParse', 'str:string', 'any', 'Parses a JSON string; returns the string itself when it is not JSON.'],
  ['uuid', '', 'string', 'A new random UUID (version 4).'],
  ['mapValues', 'value:any, mapping:object, lowerCase?:boolean, defaultValue?:any', 'any', 'Translates a value (or each value of an array) through a mapping object, optionally matching lower-cased keys, with a default for values it does not map.'],
  ['mostSimilar', 'value:string, candidates:array<string>, threshold?:number', 'string', 'The candidate most similar to a string (Dice coefficient), when it reaches the threshold (0.8 by default).'],
  ['diceCoefficient', 'value1:string, value2:string', 'number', 'How similar two strings are, from 0 (nothing shared) to 1 (equal), by the Dice coefficient.'],
  ['convertCurrencyToSubunit', 'amount:number, currencyCode:string', 'number', 'An amount in a currency\'s subunit (cents for USD), by the currency\'s number of decimals.'],
  ['convertCurrencyFromSubunit', 'amount:number, currencyCode:string', 'number', 'An amount given in a currency\'s subunit (cents for USD) in the main unit.'],
  // Collections (lodash)
  ['groupBy', 'array:array, key:string|function', 'object', 'Groups the items of an array into an object of arrays, by a key or a function.'],
  ['keyBy', 'array:array, key:string|function', 'object', 'Indexes the items of an array into an object, by a key or a function (the last item wins).'],
  ['pick', 'object:object, keys:string|array<string>', 'object', 'An object with only the given keys (paths allowed).'],
  ['omit', 'object:object, keys:string|array<string>', 'object', 'An object without the given keys (paths allowed).'],
  ['compact', 'array:array', 'array', 'An array without its falsy items (false, null, 0, "", undefined).'],
  ['orderBy', 'array:array, keys:string|array, orders?:string|array', 'array', 'Sorts an array by one or more keys, each "asc" or "desc".'],
  ['find', 'array:array, predicate:object|string|function', 'any', 'The first item of an array that matches a predicate (an object of key values, a key, or a function).'],
  ['lofilter', 'array:array, predicate:object|string|function', 'array', 'The items of an array that match a predicate (lodash filter: an object of key values, a key, or a function).'],
  ['values', 'object:object', 'array', 'The values of an object\'s keys.'],
  ['chunk', 'array:array, size:number', 'array<array>', 'Splits an array into arrays of a given size.'],
  ['wrap', 'value:string, wrapper:string, endWrapper?:string', 'string', 'Puts text before and after a value (the same text on both sides unless endWrapper is given).'],
  ['difference', 'array:array, exclude:array', 'array', 'The items of the first array that are not in the second.'],
  ['flatten', 'array:array', 'array', 'Flattens an array one level deep.'],
  ['flattenDeep', 'array:array', 'array', 'Flattens nested arrays all the way down.'],
  ['flattenDepth', 'array:array, depth:number', 'array', 'Flattens nested arrays down to a given depth.'],
  ['sortNodes', 'array:array, idKey?:string, parentIdKey?:string, sequenceKey?:string', 'array', 'Orders tree nodes so that each comes after its parent and siblings follow their sequence (keys default to id, parent_id, sequence).'],
  ['dependencyGraph', 'array:array, parentKey:string, key:string', 'object', 'Builds a dependency graph from items that name their parent, for ordering them.'],
  ['zipSqlResponse', 'columns:array, data:array, key:string', 'array<object>', 'Turns a SQL response (column list and rows of values) into an array of objects.'],
  // Dates (Luxon)
  ['dtFromIso', 'iso:string, zone?:string', 'DateTime', 'A Luxon DateTime from an ISO 8601 string, optionally in a time zone; call Luxon methods on it (.plus, .minus, .toISO, …).'],
  ['dtFromFormat', 'date:string, format:string, options?:object', 'DateTime', 'A Luxon DateTime read with a format ("RFC2822", "HTTP", "SQL", "Millis", "Seconds" or a Luxon token string).'],
  // Text formats
  ['convertHtmlToMarkdown', 'html:string', 'string', 'Converts HTML to Markdown (GitHub-flavoured tables and strike-through).'],
  ['convertMarkdownToHtml', 'markdown:string, options?:object', 'string', 'Converts Markdown to HTML.'],
  ['convertMarkdownToAdf', 'markdown:string', 'object', 'Converts Markdown to Atlassian Document Format (Jira, Confluence).'],
  ['convertMarkdownToGoogleDocs', 'markdown:string, startIndex?:number', 'array<object>', 'Converts Markdown to Google Docs batchUpdate requests.'],
  ['convertMarkdownToNotion', 'markdown:string', 'array<object>', 'Converts Markdown to Notion blocks.'],
  ['convertMarkdownToSlack', 'markdown:string', 'array<object>', 'Converts Markdown to Slack Block Kit blocks.'],
  ['convertNotionToMarkdown', 'blocks:array<object>, linkChildPages?:boolean', 'string', 'Converts Notion blocks to Markdown.'],
  ['convertNotionToMd', 'block:object', 'string', 'Converts one Notion block to Markdown.'],
  ['convertMdToPdf', 'markdown:string, options?:object, assetHeaders?:object', 'Blob', 'Renders Markdown as a PDF file.'],
  ['xmlToJs', 'xml:string, options?:object', 'object', 'Parses XML into an object (compact form by default).'],
  ['jsToXml', 'value:object, options?:object', 'string', 'Writes an object as XML (compact form by default).'],
  ['jsonToCsv', 'json:array<object>, options?:object', 'string', 'Writes an array of objects as CSV.'],
  ['jsonToParquet', 'json:array<object>, options?:object', 'ArrayBuffer', 'Writes an array of objects as a Parquet file.'],
  ['convertQueryToSql', 'query:object, keysToMap?:array, mapping?:object, dataTypes?:object, customOperatorMapping?:object, options?:object', 'string', 'Turns a unified API filter query into an SQL WHERE clause.'],
  ['parseQuery', 'query:string, options?:object', 'object', 'Parses a URL query string into an object (qs rules: nested keys, arrays).'],
  ['stringifyQuery', 'query:object, options?:object', 'string', 'Writes an object as a URL query string (qs rules).'],
  ['parseUrl', 'url:string', 'URL', 'Parses a URL into its parts (host, pathname, searchParams, …).'],
  // Files and binary data
  ['blob', 'content:any, options?:object', 'Blob', 'A Blob (file content) from text or binary parts, with an optional MIME type.'],
  ['base64ToBlob', 'base64:string, options?:object', 'Blob', 'A Blob from base64 content, with an optional MIME type.'],
  ['bufferToString', 'value:any, encoding?:string', 'string', 'Reads binary data (a buffer, Blob or stream) as text.'],
  ['getArrayBuffer', 'file:Blob', 'ArrayBuffer', 'The bytes of a Blob.'],
  ['getDataUri', 'file:Blob, mimeType:string', 'string', 'A data: URI holding a file\'s content as base64.'],
  ['getMimeType', 'extension:string', 'string', 'The MIME type of a file extension ("pdf" → "application/pdf").'],
  ['parseDocument', 'file:any, fileType:string', 'string', 'Extracts the text of a document (PDF, Word, …).'],
  ['teeStream', 'stream:ReadableStream', 'array', 'Splits a stream into two that can be read separately.'],
  ['digest', 'text:string, algorithm?:string, encoding?:string', 'string', 'A hash of some text ("SHA-256" by default, hex or base64).'],
  ['sign', 'text:string, algorithm:string, secret:string, encoding?:string', 'string', 'An HMAC signature of some text with a secret ("SHA-256" by default).'],
  // AI
  ['recursiveCharacterTextSplitter', 'text:string, options?:object', 'array<string>', 'Splits text into overlapping chunks for embeddings (chunkSize 200 and chunkOverlap 60 by default).'],
  ['generateEmbeddingsCohere', 'body:object, apiKey:string', 'any', 'Calls Cohere\'s embed API with a request body and an API key.'],
];

function toDocs(rows: readonly Row[], source: FunctionDoc['source']): FunctionDoc[] {
  return rows.map(([name, spec, returns, description]) => ({ name, parameters: parameters(spec), returns, description, source }));
}

const TRUTO_DOCS = toDocs(TRUTO_ROWS, 'truto');

/** The names `@truto/truto-jsonata` registers (checked against the package by a test). */
export const TRUTO_FUNCTION_NAMES: readonly string[] = TRUTO_DOCS.map((doc) => doc.name);

/** JSONata's own built-ins that Truto registers a version of. */
const OVERRIDDEN = new Set(TRUTO_FUNCTION_NAMES);

/** JSONata 2.2.1's built-in names (Truto's versions replace some; see above). */
export const JSONATA_BUILTIN_NAMES: readonly string[] = [...JSONATA_ROWS.map((row) => row[0]), 'string', 'keys', 'join', 'each', 'sift', 'base64encode', 'base64decode'];

/** Every function a template's JSONata can call, by name (without `$`). */
export const FUNCTION_CATALOGUE: ReadonlyMap<string, FunctionDoc> = new Map(
  [...toDocs(JSONATA_ROWS, 'jsonata').filter((doc) => !OVERRIDDEN.has(doc.name)), ...TRUTO_DOCS].map((doc) => [doc.name, doc]),
);

/** `$name(a, b?, ...c)`. */
export function signatureLabel(doc: FunctionDoc): string {
  return `$${doc.name}(${doc.parameters.map(parameterLabel).join(', ')}): ${doc.returns}`;
}

export function parameterLabel(parameter: FunctionParameter): string {
  return `${parameter.rest ? '...' : ''}${parameter.name}${parameter.optional ? '?' : ''}`;
}

/** Markdown for hover and completion: signature, description, and who provides it. */
export function functionDocumentation(doc: FunctionDoc): string {
  const from = doc.source === 'truto' ? 'Truto extension (`@truto/truto-jsonata`)' : 'JSONata built-in';
  const params = doc.parameters.map((p) => `- \`${parameterLabel(p)}\`: ${p.type}`).join('\n');
  return [`\`\`\`\n${signatureLabel(doc)}\n\`\`\``, doc.description, ...(params ? [params] : []), `*${from}*`].join('\n\n');
}
