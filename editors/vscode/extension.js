// extension.js — starts `polc lsp` for .pol files and connects VS Code to it.
//
// The server does all the work (diagnostics as you type, definition, references,
// hover, completion, the outline, rename); this only says how to start it: the
// program in the `polc.path` setting, over stdin and stdout.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
	const command = vscode.workspace.getConfiguration('polc').get('path') || 'polc';
	const run = { command, args: ['lsp'], transport: TransportKind.stdio };
	client = new LanguageClient('polc', 'polc', { run, debug: run }, {
		documentSelector: [{ scheme: 'file', language: 'pol' }],
		synchronize: {
			// a file changed on disk (saved elsewhere, a git checkout): check again
			fileEvents: vscode.workspace.createFileSystemWatcher('**/*.pol'),
		},
	});
	context.subscriptions.push({ dispose: () => client && client.stop() });
	return client.start();
}

function deactivate() {
	return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
