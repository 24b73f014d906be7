// Drives a pinpoint-console sandbox with the Amplify JavaScript library (the npm package
// `aws-amplify`, pinned in package.json), unmodified: Amplify builds, signs and sends its
// Pinpoint requests itself; a `fetch` wrapper installed before Amplify loads sends the ones
// for Pinpoint to the sandbox and refuses every other host.
//
//   node amplify.mjs SANDBOX_URL PLAN.json
//
// PLAN.json says how to configure Amplify and which calls to make, in order:
//
//   {"credentials": "static" | "cognito",
//    "steps": [{"do": "initializeInAppMessaging"}, {"do": "onMessageReceived"},
//              {"do": "identifyUser", "category": "InAppMessaging" | "Analytics", "input": {...}},
//              {"do": "syncMessages"}, {"do": "dispatchEvent", "input": {...}},
//              {"do": "notifyMessageInteraction", "type": "messageDisplayed"},
//              {"do": "record", "input": {...}},
//              {"do": "flushEvents", "waitFor": ["eventType", ...]}]}
//
// "static" gives Amplify a credentials provider that returns PINPOINT_ACCESS_KEY_ID and
// PINPOINT_SECRET_ACCESS_KEY from the environment (so no Cognito call happens); "cognito"
// configures a Cognito identity pool instead, whose calls the wrapper must refuse.
//
// Standard output carries one JSON line per step (what was called, whether it threw, the
// requests it caused with their answers, the in-app messages the listener received), then a
// summary line. Exit code: 0 when every step ran without throwing, no request went to
// another host and the library left no promise rejection unhandled; 1 otherwise; 2 for bad
// usage.

import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';

const APP_ID = '5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c';
const REGION = 'us-east-1';
const PINPOINT_HOST = `pinpoint.${REGION}.amazonaws.com`;
// How long a step may wait for the requests it started, and flushEvents for its PutEvents
// (Amplify's own buffer also sends every 5 s).
const SETTLE_LIMIT_MS = 10_000;
const FLUSH_LIMIT_MS = 15_000;
const REQUEST_LIMIT_MS = 10_000;

// Standard output is for the step lines only: anything the library logs goes to stderr.
const emit = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
console.log = console.info = console.debug = console.error;

const [sandboxArg, planPath] = process.argv.slice(2);
if (!sandboxArg || !planPath) {
	console.error('usage: node amplify.mjs SANDBOX_URL PLAN.json');
	process.exit(2);
}
const sandbox = new URL(sandboxArg);
const plan = JSON.parse(readFileSync(planPath, 'utf8'));

// ----- the fetch wrapper -----

/** Every request the wrapper let through, with its answer, in order. */
const exchanges = [];
/** Every request the wrapper refused: it was for another host. */
const refused = [];
/** Promises the library rejected with nobody to catch them (a browser logs them). */
const unhandled = [];
let inFlight = 0;
let currentStep = 'start';

/**
 * Sends one request to the sandbox with exactly the given headers. Node's own fetch would
 * replace `host` with the sandbox's address, which Amplify's SigV4 signature covers.
 */
function forward(target, { method, headers, body, signal }) {
	return new Promise((resolve, reject) => {
		const request = http.request(target, { method, headers, signal }, (answer) => {
			const chunks = [];
			answer.on('data', (chunk) => chunks.push(chunk));
			answer.on('error', reject);
			answer.on('end', () => {
				const responseHeaders = new Headers();
				for (let i = 0; i < answer.rawHeaders.length; i += 2) {
					responseHeaders.append(answer.rawHeaders[i], answer.rawHeaders[i + 1]);
				}
				const status = answer.statusCode;
				const noBody = [101, 204, 205, 304].includes(status);
				resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers: responseHeaders }));
			});
		});
		request.setTimeout(REQUEST_LIMIT_MS, () => request.destroy(new Error(`no answer within ${REQUEST_LIMIT_MS} ms`)));
		// As fetch does: a request that could not be made is a TypeError (Amplify's network error).
		request.on('error', (cause) => reject(new TypeError('fetch failed', { cause })));
		request.end(body);
	});
}

/** The Pinpoint operation a request is, named as in the service model. */
function operationOf(method, path) {
	const endpoint = /^\/v1\/apps\/[^/]+\/endpoints\/[^/]+$/;
	if (endpoint.test(path)) {
		return { PUT: 'UpdateEndpoint', GET: 'GetEndpoint', DELETE: 'DeleteEndpoint' }[method] ?? method;
	}
	if (method === 'GET' && /^\/v1\/apps\/[^/]+\/endpoints\/[^/]+\/inappmessages$/.test(path)) {
		return 'GetInAppMessages';
	}
	if (method === 'POST' && /^\/v1\/apps\/[^/]+\/events$/.test(path)) {
		return 'PutEvents';
	}
	return `${method} ${path}`;
}

const parseJson = (text) => {
	try {
		return text ? JSON.parse(text) : null;
	} catch {
		return text;
	}
};

globalThis.fetch = async function sandboxFetch(input, init = {}) {
	const url = new URL(input instanceof Request ? input.url : String(input));
	if (url.protocol !== 'https:' || url.host !== PINPOINT_HOST) {
		refused.push({ step: currentStep, url: `${url.origin}${url.pathname}` });
		// Not a TypeError: Amplify would take that for a network error and retry it.
		const error = new Error(`refused a request to ${url.origin}: only ${PINPOINT_HOST} is served (by the sandbox)`);
		error.name = 'RefusedHostError';
		throw error;
	}
	const method = (init.method ?? 'GET').toUpperCase();
	const target = new URL(`${url.pathname}${url.search}`, sandbox.origin);
	// The headers go as Amplify signed them, `host` (pinpoint.<region>.amazonaws.com) included,
	// so that the sandbox can check the SigV4 signature.
	const headers = Object.fromEntries(new Headers(init.headers ?? {}));
	const authorization = headers.authorization ?? '';
	const exchange = {
		step: currentStep,
		operation: operationOf(method, url.pathname),
		method,
		path: `${url.pathname}${url.search}`,
		signedWith: /Credential=([^/]+)\//.exec(authorization)?.[1] ?? null,
		request: typeof init.body === 'string' ? parseJson(init.body) : null,
	};
	inFlight += 1;
	try {
		const response = await forward(target, { method, headers, body: init.body, signal: init.signal });
		exchange.status = response.status;
		exchange.errorType = response.headers.get('x-amzn-errortype');
		exchange.response = parseJson(await response.clone().text());
		return response;
	} catch (error) {
		exchange.failed = String(error?.cause ?? error);
		throw error;
	} finally {
		exchanges.push(exchange);
		inFlight -= 1;
	}
};

process.on('unhandledRejection', (reason) => {
	unhandled.push({ step: currentStep, name: reason?.name, message: reason?.message ?? String(reason) });
});

// ----- Amplify, loaded after the wrapper is in place -----

const { Amplify } = await import('aws-amplify');
const analytics = await import('aws-amplify/analytics');
const inApp = await import('aws-amplify/in-app-messaging');
const amplifyVersion = createRequire(import.meta.url)('aws-amplify/package.json').version;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until no request is in flight and the work the step left queued has run. */
async function settle() {
	const deadline = Date.now() + SETTLE_LIMIT_MS;
	do {
		await sleep(50);
	} while (inFlight > 0 && Date.now() < deadline);
}

/** The event types of the PutEvents requests answered so far, by endpoint id. */
function sentEventTypes() {
	const types = new Set();
	for (const e of exchanges) {
		if (e.operation !== 'PutEvents' || e.status === undefined) continue;
		for (const batch of Object.values(e.request?.BatchItem ?? {})) {
			for (const event of Object.values(batch.Events ?? {})) types.add(event.EventType);
		}
	}
	return types;
}

// Node has no `window`, so Amplify's default storage (the in-app message cache, the cached
// endpoint ids, the display counters) falls back to its own in-memory storage: the state of
// one run, as a fresh browser profile would have it. No shim is needed for that.
const credentials = {
	accessKeyId: process.env.PINPOINT_ACCESS_KEY_ID ?? 'test',
	secretAccessKey: process.env.PINPOINT_SECRET_ACCESS_KEY ?? 'test',
};
const pinpoint = { appId: APP_ID, region: REGION };
const resources = {
	Analytics: { Pinpoint: pinpoint },
	Notifications: { InAppMessaging: { Pinpoint: pinpoint } },
};

const received = [];
let lastMessage;
const failed = [];

async function run(index, step) {
	switch (step.do) {
		case 'configure':
			if (plan.credentials === 'cognito') {
				// Amplify's default credentials provider: a Cognito identity pool.
				Amplify.configure({
					...resources,
					Auth: {
						Cognito: {
							identityPoolId: `${REGION}:00000000-0000-4000-8000-000000000000`,
							allowGuestAccess: true,
						},
					},
				});
			} else {
				// A custom credentials provider (library options), so no Cognito call happens.
				Amplify.configure(resources, {
					Auth: {
						credentialsProvider: {
							getCredentialsAndIdentityId: async () => ({ credentials }),
							clearCredentialsAndIdentityId: () => {},
						},
					},
				});
			}
			return { amplifyVersion, credentials: plan.credentials ?? 'static' };
		case 'initializeInAppMessaging':
			inApp.initializeInAppMessaging();
			return {};
		case 'onMessageReceived':
			inApp.onMessageReceived((message) => {
				received.push(message);
				lastMessage = message;
			});
			return {};
		case 'identifyUser':
			if (step.category === 'Analytics') await analytics.identifyUser(step.input);
			else await inApp.identifyUser(step.input);
			return { category: step.category };
		case 'syncMessages':
			await inApp.syncMessages();
			return {};
		case 'dispatchEvent':
			await inApp.dispatchEvent(step.input);
			return {};
		case 'notifyMessageInteraction':
			if (!lastMessage) throw new Error('no message was received to interact with');
			inApp.notifyMessageInteraction({ message: lastMessage, type: step.type });
			return { messageId: lastMessage.id };
		case 'record':
			analytics.record(step.input);
			return {};
		case 'flushEvents': {
			analytics.flushEvents();
			const wanted = step.waitFor ?? [];
			const deadline = Date.now() + FLUSH_LIMIT_MS;
			while (Date.now() < deadline && !wanted.every((t) => sentEventTypes().has(t))) {
				await sleep(50);
			}
			const missing = wanted.filter((t) => !sentEventTypes().has(t));
			return missing.length ? { notSent: missing } : {};
		}
		default:
			throw new Error(`step ${index}: unknown step ${JSON.stringify(step.do)}`);
	}
}

for (const [index, step] of [{ do: 'configure' }, ...plan.steps].entries()) {
	currentStep = `${index}:${step.do}`;
	const firstExchange = exchanges.length;
	const firstMessage = received.length;
	const line = { step: index, do: step.do };
	try {
		Object.assign(line, await run(index, step), { ok: true });
	} catch (error) {
		failed.push(index);
		Object.assign(line, {
			ok: false,
			error: {
				name: error?.name,
				message: error?.message,
				status: error?.$metadata?.httpStatusCode,
				cause: error?.underlyingError?.message,
			},
		});
	}
	await settle();
	line.requests = exchanges.slice(firstExchange);
	line.received = received.slice(firstMessage);
	line.refused = refused.filter((r) => r.step === currentStep);
	line.unhandled = unhandled.filter((u) => u.step === currentStep);
	emit(line);
}

const ok = failed.length === 0 && refused.length === 0 && unhandled.length === 0;
emit({ summary: true, ok, amplifyVersion, failedSteps: failed, refused, unhandled });
// Amplify's event buffer keeps a timer running: end here.
process.exit(ok ? 0 : 1);
