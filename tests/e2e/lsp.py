#!/usr/bin/env python3
"""End-to-end test of `polc lsp` (tests/e2e/lsp.sh): a client speaking JSON-RPC to the
server over pipes, as an editor does.

Usage: lsp.py POLC-COMMAND...   (e.g. build/polc, or valgrind ... build/polc)

A multi-file policy with includes is written to a temporary folder; the test opens
its files, changes buffers without saving them, and checks the diagnostics published
(ranges in UTF-16 code units, with kanji and a character outside the BMP), go to
definition, references, hover, completion, document symbols and rename. Then it feeds
the server malformed frames and messages, which must be answered or skipped without
a crash."""

import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

POLC = sys.argv[1:]
TIMEOUT = 120 if 'valgrind' in ' '.join(POLC) else 20
failures = 0


def check(cond, what, got=None):
    global failures
    if cond:
        print('ok - ' + what)
    else:
        failures += 1
        print('not ok - ' + what)
        if got is not None:
            print('   got: ' + json.dumps(got, ensure_ascii=False)[:2000])


class Server:
    def __init__(self):
        self.p = subprocess.Popen(POLC + ['lsp'], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.next_id = 1
        self.buf = b''
        self.notes = []

    def raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, obj):
        body = json.dumps(obj, ensure_ascii=False).encode()
        self.raw(b'Content-Length: %d\r\n\r\n' % len(body) + body)

    def read(self):
        fd = self.p.stdout.fileno()
        deadline = time.time() + TIMEOUT
        while True:
            if b'\r\n\r\n' in self.buf:
                head, rest = self.buf.split(b'\r\n\r\n', 1)
                n = [int(l.split(b':')[1]) for l in head.split(b'\r\n') if l.lower().startswith(b'content-length:')]
                assert len(n) == 1, head
                if len(rest) >= n[0]:
                    self.buf = rest[n[0]:]
                    return json.loads(rest[:n[0]].decode('utf-8'))
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError('no answer from the server')
            if select.select([fd], [], [], left)[0]:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise EOFError('the server closed its output')
                self.buf += chunk

    def answer(self, i):
        while True:
            m = self.read()
            if 'method' not in m and m.get('id') == i:
                return m
            self.notes.append(m)

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({'jsonrpc': '2.0', 'id': i, 'method': method, 'params': params})
        return self.answer(i)

    def notify(self, method, params):
        self.send({'jsonrpc': '2.0', 'method': method, 'params': params})

    def diagnostics(self):
        """The last diagnostics published for each URI, once the server has answered a
        request sent after everything before (messages are handled in order)."""
        self.request('textDocument/documentSymbol', {'textDocument': {'uri': 'file:///nonexistent/x.pol'}})
        out = {}
        for m in self.notes:
            if m.get('method') == 'textDocument/publishDiagnostics':
                out[m['params']['uri']] = m['params']['diagnostics']
        self.notes = []
        return out

    def finish(self):
        self.p.stdin.close()
        rc = self.p.wait(timeout=TIMEOUT)
        err = self.p.stderr.read().decode('utf-8', 'replace')
        return rc, err


def healthy(rc, err, expect, what):
    bad = [w for w in ('AddressSanitizer', 'runtime error', 'LeakSanitizer', 'Invalid read', 'Invalid write',
                       'definitely lost') if w in err]
    check(rc == expect and not bad, '%s: exit %d, no sanitizer or valgrind report' % (what, expect),
          {'rc': rc, 'stderr': err[-1500:]})


def rng(l0, c0, l1, c1):
    return {'start': {'line': l0, 'character': c0}, 'end': {'line': l1, 'character': c1}}


def pos(uri, line, ch):
    return {'textDocument': {'uri': uri}, 'position': {'line': line, 'character': ch}}


FILES = {
    'policy.pol': '''@policy lsp-test 試験ポリシー
  organization = 試験組合
  issued = 2026-03
  numbering = guideline

@include roles.pol
@include fw.pol
@include basic.pol
@include std/standards.pol
''',
    'fw.pol': '''@framework g ガイドライン [edition=令和7年3月版]
@clause 4.1 サーバ等の管理
''',
    'roles.pol': '''@role staff 職員等 [public]
全職員をいう。

@role admin 管理者
システム管理者をいう。

@param pw.len [number, value=12, unit=文字]
パスワードの最小の長さ。
''',
    'basic.pol': '''@document basic 基本方針 [public, tier=basic]
@chapter policy 基本方針
@article purpose 目的
本方針は{機密性}を守るため、{ref threats}の脅威に備える。

@article terms 用語
@term confidentiality 機密性
許可された者だけが情報に接することをいう。

@article threats 脅威
@threat intrusion 不正侵入
外部からの侵入。

@article measures 対策
@measure physical 物理的対策 [counters=intrusion]
入退室を管理する。
''',
    'std/standards.pol': '''@document std 対策基準 [internal, tier=standards]
@chapter phys 物理的セキュリティ [implements=basic.physical]
@article room サーバ室
@rule room-entry 入退室 [must, applies=staff admin, owner=admin, counters=intrusion, maps=g:4.1]
サーバ室への入室は{param pw.len}以上の暗証番号で管理する（{ref basic.purpose}）。
@check [every=month, evidence=入退室管理簿]
入退室記録が確認されているか。
''',
}


def main():
    tmp = tempfile.mkdtemp(prefix='polc-lsp.')
    try:
        run(tmp)
    finally:
        shutil.rmtree(tmp)


def run(tmp):
    # A folder with a Japanese name and a space: URIs are percent-encoded.
    root = os.path.join(tmp, '方針 src')
    for rel, text in FILES.items():
        os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
        with open(os.path.join(root, rel), 'w', encoding='utf-8') as f:
            f.write(text)

    def uri(rel):
        from urllib.parse import quote
        return 'file://' + quote(os.path.join(root, rel))

    U = {rel: uri(rel) for rel in FILES}
    s = Server()
    init = s.request('initialize', {'processId': None, 'rootUri': uri(''), 'capabilities': {}})
    caps = init.get('result', {}).get('capabilities', {})
    check(caps.get('textDocumentSync', {}).get('change') == 1 and caps.get('definitionProvider')
          and caps.get('hoverProvider') and caps.get('completionProvider') and caps.get('documentSymbolProvider')
          and caps.get('renameProvider') and caps.get('positionEncoding') == 'utf-16'
          and caps.get('documentHighlightProvider') and caps.get('workspaceSymbolProvider')
          and caps.get('codeActionProvider'),
          'initialize: full sync, definition, hover, completion, symbols, rename, UTF-16', init)
    s.notify('initialized', {})

    # ---- open: every file of the policy gets its diagnostics (none) ----
    s.notify('textDocument/didOpen', {'textDocument': {'uri': U['basic.pol'], 'languageId': 'pol', 'version': 1,
                                                       'text': FILES['basic.pol']}})
    d = s.diagnostics()
    check(sorted(d) == sorted(U.values()) and all(v == [] for v in d.values()),
          'didOpen: empty diagnostics published for each of the 5 files', d)

    # ---- definition across files, Japanese lines (BMP) ----
    r = s.request('textDocument/definition', pos(U['basic.pol'], 3, 22))['result']
    check(r == {'uri': U['basic.pol'], 'range': rng(9, 9, 9, 16)}, '{ref threats} after kanji -> @article threats', r)
    r = s.request('textDocument/definition', pos(U['basic.pol'], 3, 6))['result']
    check(r == {'uri': U['basic.pol'], 'range': rng(6, 6, 6, 21)}, '{機密性} (term by title) -> @term confidentiality', r)
    std = U['std/standards.pol']
    s.notify('textDocument/didOpen', {'textDocument': {'uri': std, 'languageId': 'pol', 'version': 1,
                                                       'text': FILES['std/standards.pol']}})
    r = s.request('textDocument/definition', pos(std, 3, 38))['result']
    check(r == {'uri': U['roles.pol'], 'range': rng(0, 6, 0, 11)}, 'applies=staff -> @role staff in roles.pol', r)
    r = s.request('textDocument/definition', pos(std, 1, 45))['result']
    check(r == {'uri': U['basic.pol'], 'range': rng(14, 9, 14, 17)}, 'implements=basic.physical -> @measure physical', r)
    r = s.request('textDocument/definition', pos(std, 1, 38))['result']
    check(r == {'uri': U['basic.pol'], 'range': rng(0, 10, 0, 15)}, 'implements=basic.… (the document part) -> @document basic', r)
    r = s.request('textDocument/definition', pos(std, 4, 18))['result']
    check(r == {'uri': U['roles.pol'], 'range': rng(6, 7, 6, 13)}, '{param pw.len} -> @param pw.len', r)
    r = s.request('textDocument/definition', pos(std, 3, 75))['result']
    check(r == {'uri': U['basic.pol'], 'range': rng(10, 8, 10, 17)}, 'counters=intrusion (another document) -> @threat', r)
    r = s.request('textDocument/definition', pos(U['policy.pol'], 8, 12))['result']
    check(r == {'uri': std, 'range': rng(0, 0, 0, 0)}, '@include std/standards.pol -> the file', r)
    r = s.request('textDocument/definition', pos(std, 4, 2))['result']
    check(r is None, 'definition on plain prose: null', r)

    # maps=g:4.1: the framework (column 87) and the clause (89–92)
    r = s.request('textDocument/definition', pos(std, 3, 90))['result']
    check(r == {'uri': U['fw.pol'], 'range': rng(1, 8, 1, 11)}, 'maps=g:4.1 -> @clause 4.1', r)
    r = s.request('textDocument/definition', pos(std, 3, 87))['result']
    check(r == {'uri': U['fw.pol'], 'range': rng(0, 11, 0, 12)}, 'maps=g:… (the framework part) -> @framework g', r)
    h = s.request('textDocument/hover', pos(std, 3, 90))['result']
    check(h and '4.1 サーバ等の管理' in h['contents']['value'] and 'g:4.1' in h['contents']['value']
          and h['range'] == rng(3, 89, 3, 92),
          'hover on a clause: its id, title and key', h)
    r = s.request('textDocument/documentSymbol', {'textDocument': {'uri': U['fw.pol']}})['result']
    check([(x['name'], [y['name'] for y in x.get('children', [])]) for x in r] == [('ガイドライン', ['4.1 サーバ等の管理'])],
          'outline of a framework: its clauses', r)

    # ---- hover: computed number, title, level, visibility ----
    h = s.request('textDocument/hover', pos(std, 3, 10))['result']
    v = h['contents']['value'] if h else ''
    check(all(x in v for x in ('(1) 入退室', '第2章1(1)', 'must 必須', 'internal', 'applies: staff admin',
                               'owner: admin', 'std.room-entry')) and h['range'] == rng(3, 6, 3, 16),
          'hover on a rule id: number, reference, title, level, visibility, roles', h)
    h = s.request('textDocument/hover', pos(std, 4, 50))['result']
    v = h['contents']['value'] if h else ''
    check('1\\. 目的' in v or '1. 目的' in v, 'hover on {ref basic.purpose}: 1. 目的', h)
    check('第1章1' in v and 'public' in v, 'hover on {ref basic.purpose}: 第1章1, public', h)
    h = s.request('textDocument/hover', pos(std, 4, 18))['result']
    v = h['contents']['value'] if h else ''
    check('12文字' in v and 'number' in v, 'hover on {param pw.len}: 12文字', h)
    h = s.request('textDocument/hover', pos(U['basic.pol'], 3, 6))['result']
    v = h['contents']['value'] if h else ''
    check('機密性' in v and 'confidentiality' in v and '許可された者だけが情報に接することをいう。' in v,
          'hover on a term: title, id, definition', h)

    h = s.request('textDocument/hover', pos(std, 3, 2))['result']
    check(h and '**@rule**' in h['contents']['value'] and 'must|should|may' in h['contents']['value']
          and h['range'] == rng(3, 0, 3, 5), 'hover on @rule: what the directive is', h)
    h = s.request('textDocument/hover', pos(std, 3, 30))['result']
    check(h and '**applies**' in h['contents']['value'] and h['range'] == rng(3, 28, 3, 35),
          'hover on an attribute name: what it means', h)
    h = s.request('textDocument/hover', pos(std, 3, 24))['result']
    check(h and '必須' in h['contents']['value'], 'hover on the flag must: 必須', h)
    h = s.request('textDocument/hover', pos(std, 2, 16))['result']
    check(h is None, 'hover on a title: nothing', h)

    # ---- references ----
    r = s.request('textDocument/references', dict(pos(U['roles.pol'], 3, 8), context={'includeDeclaration': True}))
    locs = sorted((x['uri'], x['range']['start']['line'], x['range']['start']['character']) for x in r['result'])
    check(locs == sorted([(U['roles.pol'], 3, 6), (std, 3, 42), (std, 3, 55)]), 'references of role admin', r)

    r = s.request('textDocument/documentHighlight', pos(std, 3, 44))['result']
    check(r == [{'range': rng(3, 42, 3, 47), 'kind': 2}, {'range': rng(3, 55, 3, 60), 'kind': 2}],
          'documentHighlight of admin in standards.pol: both uses', r)
    r = s.request('textDocument/documentHighlight', pos(U['basic.pol'], 10, 10))['result']
    check(r == [{'range': rng(10, 8, 10, 17), 'kind': 3}, {'range': rng(14, 34, 14, 43), 'kind': 2}],
          'documentHighlight of a threat: its definition (write) and its use', r)
    r = s.request('workspace/symbol', {'query': '入退'})['result']
    check([(x['name'], x['location']['uri'], x['location']['range']['start']['line']) for x in r] ==
          [('(1) 入退室', std, 3)], 'workspace/symbol 入退: the rule', r)
    r = s.request('workspace/symbol', {'query': 'admin'})['result']
    check([x['name'] for x in r] == ['管理者'], 'workspace/symbol admin: the role', r)
    r = s.request('workspace/symbol', {})
    check(r.get('error', {}).get('code') == -32602, 'workspace/symbol without a query: InvalidParams', r)

    # Quick fixes for "did you mean": the misspelt name inside the diagnostic's range
    # (a term's range is its whole {…}) replaced by the suggestion. The diagnostics come
    # with the request, as clients send them.
    s.notify('textDocument/didChange', {'textDocument': {'uri': std, 'version': 2}, 'contentChanges': [
        {'text': FILES['std/standards.pol'].replace('applies=staff admin', 'applies=staff admn')
         .replace('管理する（', '管理する{機蜜性}（')}]})
    s.diagnostics()
    fake = [{'range': rng(3, 42, 3, 46), 'message': "unknown role 'admn'; did you mean 'admin'?"},
            {'range': rng(4, 35, 4, 40), 'message': "unknown term '機蜜性'; did you mean '機密性'?"},
            {'range': rng(4, 0, 4, 3), 'message': "unknown role 'nothere'; did you mean 'x'?"},
            {'range': rng(3, 0, 3, 5), 'message': 'no suggestion here'}]
    r = s.request('textDocument/codeAction', {'textDocument': {'uri': std}, 'range': rng(3, 0, 4, 50),
                                              'context': {'diagnostics': fake}})['result']
    got = [(x['title'], x['kind'], x['edit']['changes'][std]) for x in r]
    check(got == [("Replace 'admn' with 'admin'", 'quickfix', [{'range': rng(3, 42, 3, 46), 'newText': 'admin'}]),
                  ("Replace '機蜜性' with '機密性'", 'quickfix', [{'range': rng(4, 36, 4, 39), 'newText': '機密性'}])],
          'code actions: did-you-mean quick fixes, the name only (inside the braces of a term)', r)
    # The same from the diagnostics polc publishes for that buffer.
    s.notify('textDocument/didChange', {'textDocument': {'uri': std, 'version': 3}, 'contentChanges': [
        {'text': FILES['std/standards.pol'].replace('applies=staff admin', 'applies=staff admn')
         .replace('管理する（', '管理する{機蜜性}（')}]})
    real = s.diagnostics().get(std, [])
    check(sorted(x['message'] for x in real) == ["unknown role 'admn'; did you mean 'admin'?",
                                                 "unknown term '機蜜性'; did you mean '機密性'?"],
          'the published diagnostics suggest the names', real)
    r = s.request('textDocument/codeAction', {'textDocument': {'uri': std}, 'range': rng(3, 0, 4, 50),
                                              'context': {'diagnostics': real}})['result']
    got = sorted((x['edit']['changes'][std][0]['range']['start']['character'], x['edit']['changes'][std][0]['newText'])
                 for x in r)
    check(got == [(36, '機密性'), (42, 'admin')], 'quick fixes from the published diagnostics', r)
    s.notify('textDocument/didChange', {'textDocument': {'uri': std, 'version': 4},
                                        'contentChanges': [{'text': FILES['std/standards.pol']}]})
    s.diagnostics()

    # ---- diagnostics from an unsaved buffer: UTF-16 columns ----
    # 𠮷 (U+20BB7) is two UTF-16 code units: {未定義} starts at code point 4 but character 5.
    changed = FILES['basic.pol'].replace('に備える。\n', 'に備える。\n𠮷野家の{未定義}と{ref 無い}。\n', 1)
    s.notify('textDocument/didChange', {'textDocument': {'uri': U['basic.pol'], 'version': 2},
                                        'contentChanges': [{'text': changed}]})
    d = s.diagnostics()
    got = sorted((x['range']['start']['line'], x['range']['start']['character'], x['range']['end']['line'],
                  x['range']['end']['character'], x['severity']) for x in d.get(U['basic.pol'], []))
    check(got == [(4, 5, 4, 10, 1), (4, 16, 4, 18, 1)], 'errors after 𠮷 at UTF-16 columns 5–10 and 16–18', d)
    msgs = ' '.join(x['message'] for x in d.get(U['basic.pol'], []))
    check("unknown term '未定義'" in msgs and "'無い'" in msgs, 'the messages of polc check', d)
    check(all(x.get('source') == 'polc' and x.get('code') for x in d.get(U['basic.pol'], [])), 'source and code', d)
    check(d.get(std) == [] and d.get(U['roles.pol']) == [], 'the other files still clean', d)
    # The file on disk is unchanged: polc check sees no error there.
    rc = subprocess.run(POLC + ['check', root], capture_output=True).returncode
    check(rc == 0, 'the disk copy is still clean (the buffer is not saved)')

    # A mistake in one buffer shows in another file: removing a role breaks standards.pol.
    s.notify('textDocument/didOpen', {'textDocument': {'uri': U['roles.pol'], 'languageId': 'pol', 'version': 1,
                                                       'text': FILES['roles.pol'].replace('@role admin', '@role adm')}})
    d = s.diagnostics()
    got = sorted((x['range']['start']['line'], x['range']['start']['character'], x['message'])
                 for x in d.get(std, []))
    check(got == [(3, 42, "unknown role 'admin'"), (3, 55, "unknown role 'admin'")],
          'an edit of roles.pol (unsaved) gives errors in standards.pol', d)
    s.notify('textDocument/didClose', {'textDocument': {'uri': U['roles.pol']}})
    d = s.diagnostics()
    check(d.get(std) == [], 'closing roles.pol: the disk copy is read again, the errors go', d)

    # Fixed again: the errors are cleared.
    s.notify('textDocument/didChange', {'textDocument': {'uri': U['basic.pol'], 'version': 3},
                                        'contentChanges': [{'text': FILES['basic.pol']}]})
    d = s.diagnostics()
    check(d.get(U['basic.pol']) == [], 'a fixed buffer clears its diagnostics', d)

    # An incremental change (a range edit) is applied too, in UTF-16 units.
    s.notify('textDocument/didChange', {'textDocument': {'uri': U['basic.pol'], 'version': 4},
                                        'contentChanges': [{'range': rng(3, 20, 3, 27), 'text': '𠮷x'}]})
    d = s.diagnostics()
    got = [(x['range'], x['message']) for x in d.get(U['basic.pol'], [])]
    check(got == [(rng(3, 20, 3, 23), "unresolved reference '𠮷x'")], 'range edit replaces threats with 𠮷x', d)
    s.notify('textDocument/didChange', {'textDocument': {'uri': U['basic.pol'], 'version': 5},
                                        'contentChanges': [{'text': FILES['basic.pol']}]})
    s.diagnostics()

    # A file not saved yet, included from the unsaved policy.pol buffer.
    extra = uri('extra.pol')
    s.notify('textDocument/didOpen', {'textDocument': {'uri': extra, 'languageId': 'pol', 'version': 1,
                                                       'text': '@role guest 来訪者\n外来者をいう。{param nope}\n'}})
    d = s.diagnostics()
    check([x['code'] for x in d.get(extra, [])] == ['not-included'], 'an open file no @include names: a warning', d)
    s.notify('textDocument/didOpen', {'textDocument': {'uri': U['policy.pol'], 'languageId': 'pol', 'version': 1,
                                                       'text': FILES['policy.pol'] + '@include extra.pol\n'}})
    d = s.diagnostics()
    got = [(x['range'], x['message']) for x in d.get(extra, [])]
    check(got == [(rng(1, 14, 1, 18), "unknown parameter 'nope'")],
          'an unsaved file included by an unsaved policy.pol is checked', d)
    check(d.get(U['policy.pol']) == [], 'no "cannot read" for the unsaved file', d)

    # A buffer never makes a symbolic link readable.
    os.symlink('roles.pol', os.path.join(root, 'link.pol'))
    link = uri('link.pol')
    s.notify('textDocument/didOpen', {'textDocument': {'uri': link, 'languageId': 'pol', 'version': 1,
                                                       'text': '@role x エックス\n'}})
    s.notify('textDocument/didChange', {'textDocument': {'uri': U['policy.pol'], 'version': 2},
                                        'contentChanges': [{'text': FILES['policy.pol'] + '@include link.pol\n'}]})
    d = s.diagnostics()
    msgs = [x['message'] for x in d.get(U['policy.pol'], [])]
    check(len(msgs) == 1 and 'symbolic link' in msgs[0], 'an open buffer of a symbolic link is still refused', d)
    check(d.get(extra) == [{'range': rng(0, 0, 0, 0), 'severity': 2, 'code': 'not-included', 'source': 'polc',
                            'message': 'this file is not part of the policy: no @include names it'}],
          'extra.pol is no longer included: its errors go, the warning is back', d)
    s.notify('textDocument/didClose', {'textDocument': {'uri': link}})
    s.notify('textDocument/didClose', {'textDocument': {'uri': extra}})
    s.notify('textDocument/didClose', {'textDocument': {'uri': U['policy.pol']}})
    d = s.diagnostics()
    check(d.get(U['policy.pol']) == [] and d.get(extra) == [], 'closing: the disk policy.pol again', d)

    # ---- completion ----
    def complete(line_text, want, not_want=(), what=''):
        text = FILES['std/standards.pol'] + line_text + '\n'
        s.notify('textDocument/didChange', {'textDocument': {'uri': std, 'version': 9},
                                            'contentChanges': [{'text': text}]})
        last = line_text.split('\n')
        ch = len(last[-1].encode('utf-16-le')) // 2
        r = s.request('textDocument/completion', pos(std, 7 + len(last) - 1, ch))['result']
        labels = [x['label'] for x in r['items']] if r else []
        ok = all(w in labels for w in want) and not any(w in labels for w in not_want)
        check(ok, 'completion of %s: %s' % (what or repr(line_text), ', '.join(want)), labels)
        return r['items'] if r else []

    items = complete('@ch', ['chapter', 'check'], ['rule'], 'a directive')
    ch = [x for x in items if x['label'] == 'chapter']
    check(ch and ch[0]['textEdit'] == {'range': rng(7, 1, 7, 3), 'newText': 'chapter'}, 'the keyword is replaced', ch)
    complete('@rule x 題 [m', ['must', 'may', 'measure'], ['every', 'should'], 'an attribute of @rule')
    complete('@check [e', ['every', 'evidence'], ['must'], 'an attribute of @check')
    complete('@rule x 題 [must, applies=staff a', ['admin'], ['staff'], 'a role')
    complete('@rule x 題 [must, counters=', ['basic.intrusion'], ['basic.physical'], 'a threat')
    complete('@check [every=', ['month', 'half-year'], [], 'a frequency')
    complete('@rule x 題 [must, maps=g:', ['g:4.1'], ['staff'], 'a framework clause')
    items = complete('@rule x 題 [must]\n@check\n  every = month\n  ev', ['evidence', 'every'], ['must', 'applies'],
                     'an attribute line under a directive')
    check([x['textEdit']['newText'] for x in items if x['label'] == 'evidence'] == ['evidence = '],
          'an attribute line completes as "key = "', items)
    complete('入室は。\n  ev', [], ['evidence', 'every'], 'an indented line under prose (prose)')
    complete('入室は{ref basic.pu', ['basic.purpose'], ['room'], 'a reference (another document)')
    complete('入室は{ref ro', ['room', 'room-entry'], ['basic.purpose'], 'a reference (this document)')
    complete('𠮷は{param ', ['pw.len'], [], 'a parameter after a non-BMP character')
    items = complete('記録は{機', ['機密性'], ['ref'], 'a term by title')
    t = [x for x in items if x['label'] == '機密性']
    check(t and t[0]['textEdit']['range'] == rng(7, 4, 7, 5), 'the term completion replaces 機 (UTF-16 columns)', t)
    complete('記録は{', ['機密性', 'ref', 'param', 'def'], [], 'markup after {')
    s.notify('textDocument/didChange', {'textDocument': {'uri': std, 'version': 10},
                                        'contentChanges': [{'text': FILES['std/standards.pol']}]})
    s.diagnostics()

    # ---- document symbols: the outline with computed numbers ----
    r = s.request('textDocument/documentSymbol', {'textDocument': {'uri': U['basic.pol']}})['result']

    def tree(syms):
        return [(x['name'], tree(x.get('children', []))) for x in syms]
    check(tree(r) == [('基本方針', [('第1章 基本方針', [
        ('1. 目的', []), ('2. 用語', [('(1) 機密性', [])]), ('3. 脅威', [('(1) 不正侵入', [])]),
        ('4. 対策', [('(1) 物理的対策', [])])])])], 'outline of basic.pol', tree(r))
    check(r and r[0]['range'] == rng(0, 0, 15, 9) and r[0]['selectionRange'] == rng(0, 10, 0, 15),
          'the document symbol spans the file, its selection is the id', r and r[0]['range'])
    r = s.request('textDocument/documentSymbol', {'textDocument': {'uri': U['roles.pol']}})['result']
    check([x['name'] for x in r] == ['職員等', '管理者', 'pw.len'], 'outline of roles.pol: roles and parameters', r)

    # ---- rename ----
    r = s.request('textDocument/prepareRename', pos(std, 3, 57))['result']
    check(r == {'range': rng(3, 55, 3, 60), 'placeholder': 'admin'}, 'prepareRename on owner=admin', r)
    r = s.request('textDocument/rename', dict(pos(std, 3, 57), newName='sysadmin'))
    ch = r.get('result', {}).get('changes', {})
    got = sorted((u, e['range']['start']['line'], e['range']['start']['character'], e['range']['end']['character'],
                  e['newText']) for u, es in ch.items() for e in es)
    check(got == sorted([(U['roles.pol'], 3, 6, 11, 'sysadmin'), (std, 3, 42, 47, 'sysadmin'),
                         (std, 3, 55, 60, 'sysadmin')]), 'rename role admin: the definition and both uses', r)
    r = s.request('textDocument/rename', dict(pos(U['basic.pol'], 10, 10), newName='breach'))
    ch = r.get('result', {}).get('changes', {})
    got = sorted((u, e['range']['start']['line'], e['range']['start']['character']) for u, es in ch.items() for e in es)
    check(got == sorted([(U['basic.pol'], 10, 8), (U['basic.pol'], 14, 34), (std, 3, 71)]),
          'rename threat intrusion: across files', r)
    r = s.request('textDocument/rename', dict(pos(std, 1, 38), newName='kihon'))
    ch = r.get('result', {}).get('changes', {})
    got = sorted((u, e['range']['start']['line'], e['range']['start']['character']) for u, es in ch.items() for e in es)
    check(got == sorted([(U['basic.pol'], 0, 10), (std, 1, 36), (std, 4, 41)]),
          'rename document basic: its id and the doc. part of references', r)
    r = s.request('textDocument/rename', dict(pos(U['basic.pol'], 10, 10), newName='room'))
    check('another document' in r.get('error', {}).get('message', ''),
          'rename the threat to an id of the other document, where it is used bare: refused', r)
    r = s.request('textDocument/rename', dict(pos(U['basic.pol'], 2, 10), newName='room'))
    check('result' in r, 'rename an article to an id of the other document, used only as basic.purpose: done', r)
    r = s.request('textDocument/rename', dict(pos(U['fw.pol'], 1, 9), newName='4.2'))
    ch = r.get('result', {}).get('changes', {})
    got = sorted((u, e['range']['start']['line'], e['range']['start']['character'], e['newText'])
                 for u, es in ch.items() for e in es)
    check(got == sorted([(U['fw.pol'], 1, 8, '4.2'), (std, 3, 89, '4.2')]), 'rename a clause: its id and maps=', r)
    r = s.request('textDocument/rename', dict(pos(std, 3, 57), newName='bad id'))
    check(r.get('error', {}).get('code') == -32803, 'rename to a bad id: an error', r)
    r = s.request('textDocument/rename', dict(pos(std, 3, 57), newName='staff'))
    check('exists' in r.get('error', {}).get('message', ''), 'rename to an existing role: an error', r)
    r = s.request('textDocument/prepareRename', pos(U['basic.pol'], 3, 6))
    check(r.get('result', 1) is None, 'prepareRename on a term written by its title: nothing to rename', r)
    r = s.request('textDocument/rename', dict(pos(U['basic.pol'], 6, 10), newName='conf'))
    ch = r.get('result', {}).get('changes', {})
    got = sorted((u, e['range']['start']['line'], e['range']['start']['character'], e['range']['end']['character'])
                 for u, es in ch.items() for e in es)
    check(got == [(U['basic.pol'], 6, 6, 21)], 'rename a term used by its title only: one edit, the definition', r)

    r = s.request('shutdown', None)
    check(r.get('result', 1) is None, 'shutdown', r)
    r = s.request('textDocument/hover', pos(std, 3, 10))
    check(r.get('error', {}).get('code') == -32600, 'a request after shutdown: an error', r)
    s.notify('exit', None)
    rc, err = s.finish()
    healthy(rc, err, 0, 'shutdown then exit')

    malformed(root, U)


def malformed(root, U):
    s = Server()
    r = s.request('textDocument/hover', pos(U['basic.pol'], 0, 0))
    check(r.get('error', {}).get('code') == -32002, 'a request before initialize: ServerNotInitialized', r)
    s.request('initialize', {'capabilities': {}})
    s.raw(b'Content-Length: 5\r\n\r\nhello')
    m = s.read()
    check(m.get('error', {}).get('code') == -32700 and m.get('id') is None, 'a body that is not JSON: parse error', m)
    s.raw(b'Content-Length: 3\r\n\r\n[1]')
    m = s.read()
    check(m.get('error', {}).get('code') == -32600, 'a JSON array: invalid request', m)
    s.send({'jsonrpc': '2.0', 'id': 77, 'method': 5})
    m = s.read()
    check(m.get('error', {}).get('code') == -32600 and m.get('id') == 77, 'a method that is not a string', m)
    s.send({'jsonrpc': '2.0', 'id': {'a': 1}, 'method': 'shutdown'})
    m = s.read()
    check(m.get('error', {}).get('code') == -32600 and m.get('id') is None, 'an id that is an object', m)
    # Frames without a usable length are skipped; the server goes on.
    s.raw(b'X-Other: 1\r\n\r\n')
    s.raw(b'Content-Length: lots\r\n\r\n')
    s.raw(b'Content-Length: -4\r\n\r\n')
    s.raw(b'Content-Length: 99999999999999999999\r\n\r\n')
    s.raw(b'Content-Length: 2\r\n\r\n\x00\xff')
    m = s.read()
    check(m.get('error', {}).get('code') == -32700, 'NUL and invalid UTF-8 as the body: parse error', m)
    r = s.request('no/such/method', {})
    check(r.get('error', {}).get('code') == -32601, 'an unknown method: MethodNotFound', r)
    for params in (None, 5, [], {'textDocument': 5}, {'textDocument': {'uri': 5}},
                   {'textDocument': {'uri': 'http://example.com/x.pol'}, 'position': {'line': 0, 'character': 0}},
                   {'textDocument': {'uri': 'file:///a%00b.pol'}, 'position': {'line': 0, 'character': 0}},
                   {'textDocument': {'uri': U['basic.pol']}, 'position': {'line': 'x', 'character': 0}}):
        r = s.request('textDocument/definition', params)
        check(r.get('error', {}).get('code') == -32602, 'definition with params %s: InvalidParams' %
              json.dumps(params, ensure_ascii=False)[:60], r)
    # Notifications with wrong shapes are dropped.
    for method, params in (('textDocument/didOpen', {'textDocument': {'uri': U['basic.pol']}}),
                           ('textDocument/didOpen', {'textDocument': {'uri': U['basic.pol'], 'text': 7}}),
                           ('textDocument/didOpen', 'x'),
                           ('textDocument/didChange', {'textDocument': {'uri': U['roles.pol']}, 'contentChanges': []}),
                           ('textDocument/didClose', {'textDocument': {}}),
                           ('$/cancelRequest', {'id': 1}), ('no/such/notification', {})):
        s.notify(method, params)
    s.notify('textDocument/didOpen', {'textDocument': {'uri': U['basic.pol'], 'version': 1,
                                                       'text': FILES['basic.pol']}})
    for change in ({'text': 5}, {'range': {'start': 1}, 'text': ''},
                   {'range': rng(-3, -1, 10 ** 12, 10 ** 12), 'text': 'x'},
                   {'range': rng(0, 3, 0, 1), 'text': ''}):
        s.notify('textDocument/didChange', {'textDocument': {'uri': U['basic.pol']}, 'contentChanges': [change]})
    for p in ((0, 10 ** 15), (10 ** 15, 0), (-1, -1), (0, 2 ** 62)):
        r = s.request('textDocument/hover', pos(U['basic.pol'], *p))
        check('result' in r, 'hover at %s: an answer' % (p,), r)
        r = s.request('textDocument/completion', pos(U['basic.pol'], *p))
        check('result' in r, 'completion at %s: an answer' % (p,), r)
    r = s.request('textDocument/documentSymbol', {'textDocument': {'uri': U['basic.pol']}})
    check(isinstance(r.get('result'), list), 'the server still answers after all that', r)
    # Exit without shutdown: exit code 1.
    s.notify('exit', None)
    rc, err = s.finish()
    healthy(rc, err, 1, 'exit without shutdown')
    check('Content-Length' in err, 'bad frames are logged on stderr', err[-500:])

    # A message cut short by the end of the input.
    s = Server()
    s.request('initialize', {'capabilities': {}})
    s.raw(b'Content-Length: 100\r\n\r\n{"jsonrpc":')
    rc, err = s.finish()
    healthy(rc, err, 1, 'input ending inside a message')


main()
print('%d failed' % failures)
sys.exit(1 if failures else 0)
