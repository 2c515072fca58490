" Vim filetype plugin for polc policies (.pol): comments, words, and in Neovim the
" polc language server (diagnostics, go to definition, hover, completion, outline,
" rename). Set g:polc_lsp = 0 to leave the server out, g:polc_path to the program.

if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=#\ %s
setlocal comments=:#
" ids are words: phy-server-room, password.min_length
setlocal iskeyword+=-,.
setlocal formatoptions-=t
setlocal textwidth=0

let b:undo_ftplugin = 'setlocal commentstring< comments< iskeyword< formatoptions< textwidth<'

if has('nvim-0.7') && get(g:, 'polc_lsp', 1)
  lua << LUA
  local path = vim.g.polc_path or 'polc'
  if vim.fn.executable(path) == 1 then
    -- the root is the nearest folder with a policy.pol (the server finds it too)
    local file = vim.api.nvim_buf_get_name(0)
    local found = vim.fn.findfile('policy.pol', vim.fn.fnamemodify(file, ':p:h') .. ';')
    local root = found ~= '' and vim.fn.fnamemodify(found, ':p:h') or vim.fn.getcwd()
    -- one client per root, shared by the buffers under it
    _G.polc_clients = _G.polc_clients or {}
    local id = _G.polc_clients[root]
    if not id or not vim.lsp.get_client_by_id(id) then
      id = vim.lsp.start_client({ name = 'polc', cmd = { path, 'lsp' }, root_dir = root })
      _G.polc_clients[root] = id
    end
    if id then
      vim.lsp.buf_attach_client(0, id)
      -- CTRL-X CTRL-O completes from the server
      vim.bo.omnifunc = 'v:lua.vim.lsp.omnifunc'
    end
  end
LUA
endif
