// test.js — the TextMate grammar of editors/vscode over sample lines, with the engine
// VS Code uses (vscode-textmate on vscode-oniguruma). Each case names a line (or a few
// lines, a directive and its attribute lines) and the scope that given pieces of it
// must have; a piece is found by its text (the n-th occurrence with "text#n").
//
//   NODE_PATH=build/node/node_modules node tests/e2e/lsp-grammar/test.js
'use strict';

const fs = require('fs');
const path = require('path');
const oniguruma = require('vscode-oniguruma');
const vsctm = require('vscode-textmate');

const root = path.resolve(__dirname, '../../..');
const grammarPath = path.join(root, 'editors/vscode/syntaxes/pol.tmLanguage.json');
const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));

const cases = [
	{
		lines: ['@policy agatsuma-isp 吾妻広域町村圏振興整備組合情報セキュリティポリシー',
			'  organization = 吾妻広域町村圏振興整備組合',
			'  issued = 2026-03            # rendered 令和8年3月',
			'本文は散文。'],
		expect: [
			['@', 'punctuation.definition.directive.pol'],
			['policy', 'keyword.control.directive.pol'],
			['agatsuma-isp', 'entity.name.tag.id.pol'],
			['吾妻広域町村圏振興整備組合情報セキュリティポリシー', 'string.unquoted.title.pol'],
			['organization', 'entity.other.attribute-name.pol'],
			['=', 'keyword.operator.assignment.pol'],
			['吾妻広域町村圏振興整備組合#2', 'string.unquoted.value.pol'],
			['2026-03', 'string.unquoted.value.pol'],
			['# rendered 令和8年3月', 'comment.line.number-sign.pol'],
			// the attribute lines end with the first line that is not one
			['本文は散文。', 'source.pol', 'meta.directive.pol'],
		],
	},
	{
		lines: ['@rule phy-server-room サーバ室の管理 [must, applies=staff contractor, owner=system-admin, internal]  # 要点検'],
		expect: [
			['rule', 'keyword.control.directive.pol'],
			['phy-server-room', 'entity.name.tag.id.pol'],
			['サーバ室の管理', 'string.unquoted.title.pol'],
			['[', 'punctuation.section.attributes.begin.pol'],
			['must', 'keyword.other.level.pol'],
			['applies', 'entity.other.attribute-name.pol'],
			['staff contractor', 'string.unquoted.value.pol'],
			['owner', 'entity.other.attribute-name.pol'],
			['system-admin', 'string.unquoted.value.pol'],
			['internal', 'storage.modifier.visibility.pol'],
			[']', 'punctuation.section.attributes.end.pol'],
			['# 要点検', 'comment.line.number-sign.pol'],
		],
	},
	{
		lines: ['@check [every=month, evidence="入退室管理簿, 記録"]'],
		expect: [
			['check', 'keyword.control.directive.pol'],
			['every', 'entity.other.attribute-name.pol'],
			['month', 'string.unquoted.value.pol'],
			['"入退室管理簿, 記録"', 'string.quoted.double.pol'],
		],
	},
	{
		lines: ['@document basic 情報セキュリティ基本方針 [public, tier=basic, listed]'],
		expect: [
			['basic', 'entity.name.tag.id.pol'],
			['情報セキュリティ基本方針', 'string.unquoted.title.pol'],
			['public', 'storage.modifier.visibility.pol'],
			['tier', 'entity.other.attribute-name.pol'],
			['listed', 'entity.other.attribute-name.flag.pol'],
		],
	},
	{
		lines: ['@include standards/organization.pol', '@artcle org 組織', '# 注釈の行',
			'@framework guideline ガイドライン [edition=令和7年3月版]', '@clause 4.1 サーバ等の管理'],
		expect: [
			['include', 'keyword.control.import.pol'],
			['standards/organization.pol', 'string.unquoted.path.pol'],
			['artcle', 'invalid.illegal.unknown-directive.pol'],
			['# 注釈の行', 'comment.line.number-sign.pol'],
			['framework', 'keyword.control.directive.pol'],
			['clause', 'keyword.control.directive.pol'],
			['4.1', 'entity.name.tag.id.pol'],
			['サーバ等の管理', 'string.unquoted.title.pol'],
		],
	},
	{
		lines: ['本基本方針は、{機密性}と{ref basic.threats}、{param password.min_length}以上、𠮷{def staff 職員等: すべての職員}とする。\\{括弧\\}'],
		expect: [
			['{#1', 'punctuation.definition.markup.begin.pol'],
			['機密性', 'entity.name.term.pol'],
			['ref', 'keyword.other.ref.pol'],
			['basic.threats', 'variable.other.reference.pol'],
			['param', 'keyword.other.param.pol'],
			['password.min_length', 'variable.other.parameter.pol'],
			['def', 'keyword.other.def.pol'],
			['staff', 'entity.name.tag.id.pol'],
			['職員等', 'entity.name.term.pol'],
			['すべての職員', 'string.unquoted.definition.pol'],
			['\\{', 'constant.character.escape.pol'],
			['\\}', 'constant.character.escape.pol'],
			// prose is not a directive even when it has @ or # inside
			['本基本方針は、', 'source.pol', 'meta.term.pol'],
		],
	},
	{
		lines: ['  字下げした散文 = 属性ではない'],
		expect: [['字下げした散文 = 属性ではない', 'source.pol', 'entity.other.attribute-name.pol']],
	},
	{
		lines: ['閉じない{括弧'],
		expect: [['{', 'invalid.illegal.unterminated-brace.pol']],
	},
];

// Scopes of the token holding needle at UTF-16 offset at (JavaScript strings are
// UTF-16, as the tokens' offsets); a token that ends inside needle is a failure.
function scopesAt(tokens, text, at, needle) {
	const tok = tokens.find(t => t.startIndex <= at && at < t.endIndex);
	if (!tok || tok.endIndex < at + needle.length)
		return tok ? ['(token cut: ' + text.slice(tok.startIndex, tok.endIndex) + ')'] : null;
	return tok.scopes;
}

async function main() {
	await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
	const registry = new vsctm.Registry({
		onigLib: Promise.resolve({
			createOnigScanner: p => new oniguruma.OnigScanner(p),
			createOnigString: s => new oniguruma.OnigString(s),
		}),
		loadGrammar: async scope =>
			scope === 'source.pol' ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null,
	});
	const grammar = await registry.loadGrammar('source.pol');
	let failed = 0, passed = 0;
	for (const c of cases) {
		let state = vsctm.INITIAL;
		const lines = c.lines.map(text => {
			const r = grammar.tokenizeLine(text, state);
			state = r.ruleStack;
			return { text, tokens: r.tokens };
		});
		for (const [piece, want, notWant] of c.expect) {
			// the n-th occurrence of the text over the case's lines
			let [needle, nth] = piece.split(/#(?=\d+$)/);
			nth = nth ? Number(nth) : 1;
			let scopes = null;
			for (const l of lines) {
				let at = -1;
				while (nth > 0 && (at = l.text.indexOf(needle, at + 1)) >= 0)
					if (--nth === 0)
						scopes = scopesAt(l.tokens, l.text, at, needle);
			}
			const ok = scopes && scopes.includes(want) && !(notWant && scopes.includes(notWant));
			if (ok) {
				passed++;
				console.log(`ok - ${JSON.stringify(needle)} is ${want}`);
			} else {
				failed++;
				console.log(`not ok - ${JSON.stringify(needle)} is ${want}${notWant ? ', not ' + notWant : ''}`);
				console.log(`   got: ${JSON.stringify(scopes)}`);
			}
		}
	}
	// The extension's manifest names files that exist and agree with the grammar.
	const ext = path.join(root, 'editors/vscode');
	const manifest = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8'));
	const raw = JSON.parse(fs.readFileSync(grammarPath, 'utf8'));
	const lang = manifest.contributes.languages[0], gr = manifest.contributes.grammars[0];
	const conf = JSON.parse(fs.readFileSync(path.join(ext, lang.configuration), 'utf8'));
	const checks = [
		[lang.id === 'pol' && lang.extensions.includes('.pol'), 'the extension contributes the pol language for .pol'],
		[gr.language === 'pol' && gr.scopeName === raw.scopeName && path.resolve(ext, gr.path) === grammarPath,
			'the manifest names the grammar and its scope'],
		[conf.comments.lineComment === '#', 'the language configuration: # comments'],
		[new RegExp(conf.wordPattern).exec('phy-server-room')[0] === 'phy-server-room' &&
			new RegExp(conf.wordPattern).exec('password.min_length')[0] === 'password.min_length',
			'the word pattern takes ids whole'],
		[fs.existsSync(path.join(ext, manifest.main)), 'the client the manifest names exists'],
	];
	for (const [ok, what] of checks) {
		if (ok)
			passed++;
		else
			failed++;
		console.log(`${ok ? 'ok' : 'not ok'} - ${what}`);
	}
	console.log(`grammar: ${passed} passed, ${failed} failed`);
	process.exit(failed || !passed ? 1 : 0);
}

main().catch(e => {
	console.error(e);
	process.exit(1);
});
