-- This is the tasklens server's configuration for Neovim 0.11's vim.lsp.config and
-- vim.lsp.enable('tasklens'): with editors/nvim on the runtimepath, Neovim finds it by name.
-- It attaches to markdown buffers named tasks.md or *-tasks.md only; other markdown files
-- are left alone, because root_dir never reports a root for them.

-- These are the file names the server is for, as Lua patterns on the file's tail.
local names = { '^tasks%.md$', '%-tasks%.md$' }

return {
  cmd = { 'tasklens', 'lsp' },
  filetypes = { 'markdown' },
  -- Settings go to the server at start-up and again as workspace/didChangeConfiguration.
  init_options = {},
  settings = {},
  -- The root is the nearest folder with tasklens.toml or .git; other files get no root and
  -- so no server.
  root_dir = function(bufnr, on_dir)
    local path = vim.api.nvim_buf_get_name(bufnr)
    local tail = vim.fs.basename(path)
    for _, name in ipairs(names) do
      if tail:match(name) then
        local marker = vim.fs.find({ 'tasklens.toml', '.git' }, { path = vim.fs.dirname(path), upward = true })[1]
        on_dir(marker and vim.fs.dirname(marker) or vim.fs.dirname(path))
        return
      end
    end
  end,
  -- The server's lenses run this command on the client side: vim.lsp.codelens.run() puts the
  -- lines a lens is about in the quickfix list.
  commands = {
    ['tasklens.showTasks'] = function(command, ctx)
      require('tasklens').show_tasks(command, ctx)
    end,
  },
  on_attach = function(_, bufnr)
    -- Code lenses are refreshed on open and after edits.
    local group = vim.api.nvim_create_augroup('tasklens_codelens_' .. bufnr, { clear = true })
    vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'TextChanged' }, {
      group = group,
      buffer = bufnr,
      callback = function()
        vim.lsp.codelens.refresh({ bufnr = bufnr })
      end,
    })
    vim.lsp.codelens.refresh({ bufnr = bufnr })
  end,
}
