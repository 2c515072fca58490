-- lsp-nvim.lua — polc lsp with a real client: Neovim's built-in LSP client, started
-- by editors/vim/ftplugin/pol.vim when a .pol file is opened (tests/e2e/lsp.sh).
--
--   POLC_BIN=build/polc LSP_ROOT=DIR RESULT=FILE \
--   nvim --headless -u NONE -i NONE --cmd 'set rtp^=editors/vim' \
--        -c 'filetype plugin on' -c 'luafile tests/e2e/lsp-nvim.lua'
--
-- Writes one "ok - …" or "not ok - …" line per check to RESULT, then quits.
local root = os.getenv('LSP_ROOT')
local out = {}
local failed = 0

local function check(cond, what, got)
	if cond then
		table.insert(out, 'ok - nvim: ' .. what)
	else
		failed = failed + 1
		table.insert(out, 'not ok - nvim: ' .. what)
		if got ~= nil then
			table.insert(out, '   got: ' .. vim.inspect(got):gsub('\n', ' '):sub(1, 1500))
		end
	end
end

local function finish()
	table.insert(out, string.format('nvim: %d failed', failed))
	vim.fn.writefile(out, os.getenv('RESULT'))
	vim.cmd(failed == 0 and 'qa!' or 'cq!')
end

local ok, err = pcall(function()
	vim.g.polc_path = os.getenv('POLC_BIN')
	vim.fn.writefile({
		'@policy nv-test 試験', '  organization = 試験組合', '  issued = 2026-03', '',
		'@include roles.pol', '@include basic.pol',
	}, root .. '/policy.pol')
	vim.fn.writefile({ '@role staff 職員等 [public]', '全職員をいう。' }, root .. '/roles.pol')
	vim.fn.writefile({
		'@document basic 基本方針 [public, tier=basic]',
		'@chapter policy 基本方針',
		'@article purpose 目的',
		'本方針は{ref threats}の脅威に備え、{staff-term}を守る。',
		'',
		'@article threats 脅威',
		'@term staff-term 職員 [public]',
		'{staff}ではない職員。',
		'@rule r1 規則 [must, applies=staff]',
		'規則の本文。',
		'@check [every=month]',
		'確認されているか。',
	}, root .. '/basic.pol')

	vim.cmd('syntax on')
	vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/basic.pol'))
	local buf = vim.api.nvim_get_current_buf()
	check(vim.bo[buf].filetype == 'pol', 'the .pol file has filetype pol', vim.bo[buf].filetype)
	check(vim.bo[buf].commentstring == '# %s', 'the ftplugin sets commentstring', vim.bo[buf].commentstring)
	-- editors/vim/syntax/pol.vim: groups at (line, byte column), 1-based
	local function syn(l, c)
		return vim.fn.synIDattr(vim.fn.synID(l, c, 1), 'name')
	end
	local groups = { syn(9, 2), syn(9, 7), syn(9, 11), syn(9, 18), syn(9, 24), syn(9, 32), syn(4, 13), syn(4, 14), syn(2, 1) }
	check(vim.deep_equal(groups, { 'polKeyword', 'polId', 'polTitle', 'polLevel', 'polAttrKey', 'polValue',
		'polTerm', 'polMarkupKw', 'polDirective' }), 'syntax groups of a rule line and of {ref}', groups)
	local attached = vim.wait(20000, function()
		return #vim.lsp.buf_get_clients(buf) > 0 and vim.lsp.buf_get_clients(buf)[1].initialized
	end, 50)
	check(attached, 'the ftplugin started polc lsp and attached it')
	if not attached then
		return
	end
	local client = vim.lsp.buf_get_clients(buf)[1]
	check(client.name == 'polc', 'the client is polc', client.name)
	check(vim.bo[buf].omnifunc == 'v:lua.vim.lsp.omnifunc', 'omni-completion from the server', vim.bo[buf].omnifunc)

	-- the open file's diagnostics: {staff} (line 8) is a role id, not a term
	-- waits for the diagnostics to be n, the first with a message holding text
	local function diags(n, text)
		vim.wait(20000, function()
			local d = vim.diagnostic.get(buf)
			return #d == n and (n == 0 or d[1].message:find(text, 1, true))
		end, 50)
		return vim.diagnostic.get(buf)
	end
	local d = diags(1, 'staff')
	check(#d == 1 and d[1].lnum == 7 and d[1].col == 0 and d[1].message:find("unknown term 'staff'", 1, true),
		'diagnostic of the unsaved policy on open: unknown term at 8:1', d)

	-- an edit, not saved: Neovim sends it, polc checks the buffer; columns arrive as
	-- UTF-16 units and Neovim turns them into bytes (𠮷 is 4 bytes, 2 units)
	vim.api.nvim_buf_set_lines(buf, 7, 8, false, { '𠮷野家の{未定義}である職員。' })
	d = diags(1, '未定義')
	check(#d == 1 and d[1].lnum == 7 and d[1].col == 13 and d[1].end_col == 24 and
		d[1].message:find("unknown term '未定義'", 1, true),
		'after an edit: the error after 𠮷 at byte column 13–24', d)
	vim.api.nvim_buf_set_lines(buf, 7, 8, false, { '{職員}である職員。' })
	d = diags(0)
	check(#d == 0, 'a fixed buffer: no diagnostic', d)

	local function at(line, col) -- 0-based line, byte column
		vim.api.nvim_win_set_cursor(0, { line + 1, col })
		return vim.lsp.util.make_position_params()
	end
	local function req(method, params)
		local r = vim.lsp.buf_request_sync(buf, method, params, 20000)
		return r and r[client.id] and r[client.id].result
	end

	-- go to definition of {ref threats}: 本方針は is 12 bytes, {ref is 5 more
	local loc = req('textDocument/definition', at(3, 18))
	check(loc and loc.range and loc.range.start.line == 5 and loc.range.start.character == 9,
		'definition of {ref threats}: @article threats (line 6)', loc)
	loc = req('textDocument/definition', at(8, 32))
	check(loc and loc.uri and loc.uri:find('roles.pol$') and loc.range.start.line == 0,
		'definition of applies=staff: roles.pol', loc)

	local h = req('textDocument/hover', at(3, 18))
	local text = h and h.contents and h.contents.value or ''
	check(text:find('第1章2', 1, true) and text:find('脅威', 1, true), 'hover on {ref threats}: 第1章2 脅威', h)

	vim.api.nvim_buf_set_lines(buf, 12, 12, false, { '@rule r2 規則二 [must, applies=st]' })
	vim.wait(300)
	local c = req('textDocument/completion', at(12, 36)) -- on the ']': what is before it is 'applies=st'
	local labels = {}
	for _, it in ipairs(c and c.items or {}) do
		table.insert(labels, it.label)
	end
	check(vim.tbl_contains(labels, 'staff'), 'completion of applies=st: staff', labels)
	vim.api.nvim_buf_set_lines(buf, 12, 13, false, {})

	local syms = req('textDocument/documentSymbol', { textDocument = vim.lsp.util.make_text_document_params() })
	local names = {}
	local function walk(list)
		for _, s in ipairs(list or {}) do
			table.insert(names, s.name)
			walk(s.children)
		end
	end
	walk(syms)
	check(vim.deep_equal(names, { '基本方針', '第1章 基本方針', '1. 目的', '2. 脅威', '(1) 職員', '(2) 規則' }),
		'document symbols: the outline with numbers', names)

	-- rename the role staff from its use in basic.pol: roles.pol changes too
	local edit = req('textDocument/rename', vim.tbl_extend('force', at(8, 32), { newName = 'member' }))
	check(edit and edit.changes, 'rename answers a workspace edit', edit)
	if edit then
		vim.lsp.util.apply_workspace_edit(edit, client.offset_encoding or 'utf-16')
		local roles = vim.fn.bufnr(root .. '/roles.pol')
		local line = roles > 0 and vim.api.nvim_buf_get_lines(roles, 0, 1, false)[1]
		check(line == '@role member 職員等 [public]', 'rename applied in roles.pol', line)
		check(vim.api.nvim_buf_get_lines(buf, 8, 9, false)[1] == '@rule r1 規則 [must, applies=member]',
			'rename applied in basic.pol', vim.api.nvim_buf_get_lines(buf, 8, 9, false))
	end
end)
check(ok, 'the script ran to its end', err)
finish()
