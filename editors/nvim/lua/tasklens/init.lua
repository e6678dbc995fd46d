-- This is the tasklens plugin for Neovim: it starts the tasklens language server for
-- task-breakdown files (tasks.md) and keeps their code lenses up to date.
-- It works on Neovim 0.7 (vim.lsp.start_client and vim.lsp.buf_attach_client) through
-- 0.11 (vim.lsp.start).

local M = {}

-- These are the defaults that setup() merges the user's options into.
M.defaults = {
  -- This is the command that starts the server over stdio.
  cmd = { 'tasklens', 'lsp' },
  -- Settings are sent as initializationOptions and again as workspace/didChangeConfiguration.
  settings = {},
  -- Buffers whose file name matches one of these autocommand patterns get the server.
  patterns = { 'tasks.md', '*-tasks.md' },
  -- Buffers of these filetypes get the server too (empty by default, so that other
  -- markdown files are left alone).
  filetypes = {},
  -- Files or folders named here mark the workspace root, searched upwards from the file.
  root_markers = { 'tasklens.toml', '.git' },
  -- Code lenses are refreshed on open and after edits unless this is false.
  codelens = true,
  -- A function given here is called as on_attach(client, bufnr) after the plugin's own set-up.
  on_attach = nil,
}

M.options = nil

-- This maps root folders to client IDs, for Neovim 0.7 where vim.lsp.start does not exist.
local clients_by_root = {}

-- This tells whether a client is still running.
local function client_alive(id)
  local client = vim.lsp.get_client_by_id(id)
  if client == nil then
    return false
  end
  if type(client.is_stopped) == 'function' then
    return not client.is_stopped()
  end
  return true
end

-- This finds the workspace root: the nearest folder above the file that holds a marker,
-- or the file's own folder.
local function root_dir(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  for _, marker in ipairs(M.options.root_markers) do
    local found = vim.fn.finddir(marker, dir .. ';')
    if found == '' then
      found = vim.fn.findfile(marker, dir .. ';')
    end
    if found ~= '' then
      -- The marker's full path loses any trailing slash; its folder is the root.
      local full = (vim.fn.fnamemodify(found, ':p'):gsub('/$', ''))
      return vim.fn.fnamemodify(full, ':h')
    end
  end
  return dir
end

-- This refreshes the code lenses of one buffer, with the API of the running Neovim.
function M.refresh_codelens(bufnr)
  if not vim.api.nvim_buf_is_loaded(bufnr) then
    return
  end
  if vim.fn.has('nvim-0.10') == 1 then
    vim.lsp.codelens.refresh({ bufnr = bufnr })
  else
    -- Before 0.10, refresh() works on the current buffer only.
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.codelens.refresh()
    end)
  end
end

-- This runs a lens of the server's (the command tasklens.showTasks): its third argument
-- holds the locations of the lines the lens is about (the tasks a task blocks, the critical
-- path), which go to the quickfix list, opened. vim.lsp.codelens.run() calls it.
function M.show_tasks(command, ctx)
  local locations = (command.arguments or {})[3] or {}
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  local encoding = client and client.offset_encoding or 'utf-16'
  local items = vim.lsp.util.locations_to_items(locations, encoding)
  vim.fn.setqflist({}, ' ', { title = command.title, items = items })
  if #items > 0 then
    vim.cmd('copen')
  end
end

-- This sets up a buffer once the server is attached to it.
local function on_attach(client, bufnr)
  if M.options.codelens then
    local group = vim.api.nvim_create_augroup('tasklens_codelens_' .. bufnr, { clear = true })
    vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'TextChanged' }, {
      group = group,
      buffer = bufnr,
      callback = function()
        M.refresh_codelens(bufnr)
      end,
    })
    M.refresh_codelens(bufnr)
  end
  if M.options.on_attach then
    M.options.on_attach(client, bufnr)
  end
end

-- This builds the client configuration for a buffer.
local function client_config(bufnr)
  local root = root_dir(vim.api.nvim_buf_get_name(bufnr))
  return {
    name = 'tasklens',
    cmd = M.options.cmd,
    root_dir = root,
    workspace_folders = {
      { uri = vim.uri_from_fname(root), name = root },
    },
    init_options = M.options.settings,
    settings = M.options.settings,
    on_attach = on_attach,
  }
end

-- This starts the server for a buffer, or attaches the running one of its workspace.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= '' or vim.api.nvim_buf_get_name(bufnr) == '' then
    return nil
  end
  local config = client_config(bufnr)
  if vim.lsp.start ~= nil then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  -- On Neovim 0.7 the plugin keeps one client per workspace root and attaches it by hand.
  local id = clients_by_root[config.root_dir]
  if id == nil or not client_alive(id) then
    id = vim.lsp.start_client(config)
    if id == nil then
      return nil
    end
    clients_by_root[config.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- This tells whether a buffer's file name matches one of the configured patterns.
local function matches(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return false
  end
  local tail = vim.fn.fnamemodify(name, ':t')
  for _, pattern in ipairs(M.options.patterns) do
    local regex = vim.fn.glob2regpat(pattern)
    local subject = pattern:find('/', 1, true) and name or tail
    if vim.fn.match(subject, regex) >= 0 then
      return true
    end
  end
  return false
end

-- This configures the plugin and attaches the server to matching buffers, those open now
-- and those opened later.
function M.setup(opts)
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  -- Lists replace the defaults rather than merge with them.
  for _, key in ipairs({ 'cmd', 'patterns', 'filetypes', 'root_markers' }) do
    if opts and opts[key] ~= nil then
      M.options[key] = opts[key]
    end
  end
  -- The server's lenses run this command on the client side.
  vim.lsp.commands['tasklens.showTasks'] = M.show_tasks
  local group = vim.api.nvim_create_augroup('tasklens', { clear = true })
  if #M.options.patterns > 0 then
    vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
      group = group,
      pattern = M.options.patterns,
      callback = function(args)
        M.attach(args.buf)
      end,
    })
  end
  if #M.options.filetypes > 0 then
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = M.options.filetypes,
      callback = function(args)
        M.attach(args.buf)
      end,
    })
  end
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      if matches(bufnr) or vim.tbl_contains(M.options.filetypes, vim.bo[bufnr].filetype) then
        M.attach(bufnr)
      end
    end
  end
end

return M
