-- This is the headless end-to-end test of the Neovim client: it opens the example tasks.md
-- in a real Neovim with the real server and checks diagnostics, hover, go-to-definition, code
-- lenses, a quick fix and inlay hints. tests/nvim/run.sh runs it; results go to stdout, one
-- line per test.
--
-- Environment: TASKLENS_ROOT (the repository), TASKLENS_BIN (the server binary),
-- TASKLENS_SCRATCH (an empty folder) and TASKLENS_NVIM_MODE, which is "plugin" for
-- require('tasklens').setup() or "config" for lsp/tasklens.lua with vim.lsp.enable (0.11+).

local root = assert(os.getenv('TASKLENS_ROOT'), 'TASKLENS_ROOT is not set')
local bin = assert(os.getenv('TASKLENS_BIN'), 'TASKLENS_BIN is not set')
local scratch = assert(os.getenv('TASKLENS_SCRATCH'), 'TASKLENS_SCRATCH is not set')
local mode = os.getenv('TASKLENS_NVIM_MODE') or 'plugin'

-- Every wait is a bounded poll on a condition, never a sleep.
local TIMEOUT = 20000

local passed, failed = 0, 0

local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

-- This runs one test; a test fails by raising an error with a sentence saying why.
local function test(name, body)
  local ok, err = pcall(body)
  if ok then
    passed = passed + 1
    out('ok - ' .. name)
  else
    failed = failed + 1
    out('not ok - ' .. name .. ': ' .. tostring(err))
  end
end

local function wait_for(what, condition)
  if not vim.wait(TIMEOUT, condition, 50) then
    error('timed out after ' .. TIMEOUT .. ' ms waiting for ' .. what, 0)
  end
end

-- This lists the clients attached to a buffer, with the API of the running Neovim.
local function clients_of(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.lsp.buf_get_clients(bufnr)
end

local function tasklens_client(bufnr)
  for _, client in pairs(clients_of(bufnr)) do
    if client.name == 'tasklens' and client.initialized ~= false then
      return client
    end
  end
  return nil
end

local function code_of(diagnostic)
  if diagnostic.code ~= nil then
    return diagnostic.code
  end
  local lsp = diagnostic.user_data and diagnostic.user_data.lsp
  return lsp and lsp.code
end

-- This finds the first line (1-based) at or after `from` that contains `text` literally.
local function find_line(bufnr, text, from)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for i = from or 1, #lines do
    if lines[i]:find(text, 1, true) then
      return i, lines[i]
    end
  end
  error('no line contains ' .. text, 0)
end

local function lens_titles(bufnr)
  local titles = {}
  for _, lens in ipairs(vim.lsp.codelens.get(bufnr)) do
    if lens.command and lens.command.title then
      table.insert(titles, lens.command.title)
    end
  end
  return titles
end

local function any_title(bufnr, pattern)
  for _, title in ipairs(lens_titles(bufnr)) do
    if title:find(pattern) then
      return title
    end
  end
  return nil
end

local function close_floats()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      vim.api.nvim_win_close(win, true)
    end
  end
end

-- This turns one check off, so a test can see that settings reach the server.
local settings = { severity = { ['invalid-estimate'] = 'off' } }

local function set_up()
  vim.opt.runtimepath:prepend(root .. '/editors/nvim')
  if mode == 'config' then
    vim.lsp.config('tasklens', { cmd = { bin, 'lsp' }, init_options = settings, settings = settings })
    vim.lsp.enable('tasklens')
  else
    require('tasklens').setup({ cmd = { bin, 'lsp' }, settings = settings })
  end
end

local function run()
  out('# ' .. vim.split(vim.fn.execute('version'), '\n', { trimempty = true })[1] .. ', mode ' .. mode)
  set_up()
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/examples/payment/tasks.md'))
  local buf = vim.api.nvim_get_current_buf()

  test('the server attaches to tasks.md', function()
    wait_for('the tasklens client', function()
      return tasklens_client(buf) ~= nil
    end)
  end)

  test('diagnostics arrive with tasklens codes (dependency-cycle)', function()
    wait_for('a dependency-cycle diagnostic', function()
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        if code_of(d) == 'dependency-cycle' then
          return true
        end
      end
      return false
    end)
  end)

  test('unknown-dependency is reported on 2.9 in Task 2.4', function()
    local heading = find_line(buf, '#### Task 2.4:')
    local lnum, line = find_line(buf, '**Dependencies**', heading)
    local col = line:find('2.9', 1, true) - 1
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if code_of(d) == 'unknown-dependency' and d.lnum == lnum - 1 and d.col == col then
        return
      end
    end
    error('no unknown-dependency diagnostic at line ' .. lnum .. ', column ' .. (col + 1), 0)
  end)

  test('settings reach the server (invalid-estimate turned off)', function()
    local diagnostics = vim.diagnostic.get(buf)
    if #diagnostics == 0 then
      error('there are no diagnostics at all, so the settings cannot be told apart', 0)
    end
    for _, d in ipairs(diagnostics) do
      if code_of(d) == 'invalid-estimate' then
        error('an invalid-estimate diagnostic is shown although the settings turn it off', 0)
      end
    end
  end)

  -- The cursor goes on `1.1` in Task 1.2's dependencies.
  local heading = find_line(buf, '#### Task 1.2:')
  local dep_lnum, dep_line = find_line(buf, '**Dependencies**', heading)
  local dep_col = dep_line:find('1.1', 1, true) - 1
  local target = find_line(buf, '#### Task 1.1:')

  test('hover on a dependency shows the referenced task title', function()
    vim.api.nvim_win_set_cursor(0, { dep_lnum, dep_col })
    vim.lsp.buf.hover()
    local seen = {}
    wait_for('a hover window with "Payment method database schema"', function()
      for _, win in ipairs(vim.api.nvim_list_wins()) do
        if vim.api.nvim_win_get_config(win).relative ~= '' then
          local text = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false), '\n')
          seen[#seen + 1] = text
          if text:find('Payment method database schema', 1, true) then
            return true
          end
        end
      end
      return false
    end)
    close_floats()
  end)

  test('go to definition on a dependency moves to the task heading', function()
    vim.api.nvim_win_set_cursor(0, { dep_lnum, dep_col })
    vim.lsp.buf.definition()
    wait_for('the cursor on line ' .. target, function()
      return vim.api.nvim_win_get_cursor(0)[1] == target
    end)
    if vim.api.nvim_get_current_buf() ~= buf then
      error('the definition opened another buffer', 0)
    end
  end)

  test('code lenses include the critical path', function()
    wait_for('a "critical path:" document lens and a task lens', function()
      return any_title(buf, '^critical path: ') ~= nil and any_title(buf, '^critical path · starts at') ~= nil
    end)
    local doc = any_title(buf, '^critical path: ')
    if not doc:find('(80h)', 1, true) then
      error('the document lens is "' .. doc .. '", not 80h long', 0)
    end
  end)

  test('code lenses refresh after an edit (TextChanged)', function()
    -- Task 1.1 is on the critical path: 4 more hours there make the path 4 hours longer.
    local task = find_line(buf, '#### Task 1.1:')
    local lnum, line = find_line(buf, '**Estimate**', task)
    local edited = line:gsub('6h', '10h')
    vim.api.nvim_buf_set_lines(buf, lnum - 1, lnum, false, { edited })
    vim.cmd('doautocmd <nomodeline> TextChanged')
    wait_for('the document lens to say 84h (it says "' .. tostring(any_title(buf, '^critical path: ')) .. '")', function()
      local doc = any_title(buf, '^critical path: ')
      return doc ~= nil and doc:find('(84h)', 1, true) ~= nil
    end)
  end)

  test('a quick fix applies: the unknown `2.9` is removed and its diagnostic goes', function()
    local task = find_line(buf, '#### Task 2.4:')
    local lnum, line = find_line(buf, '**Dependencies**', task)
    local col = line:find('2.9', 1, true) - 1
    local client = tasklens_client(buf)
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = { start = { line = lnum - 1, character = col }, ['end'] = { line = lnum - 1, character = col + 3 } },
      context = { diagnostics = {}, only = { 'quickfix' } },
    }
    local answers = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, TIMEOUT) or {}
    local chosen
    for _, answer in pairs(answers) do
      for _, action in ipairs(answer.result or {}) do
        if chosen == nil and action.edit and action.isPreferred then
          chosen = action
        end
      end
    end
    if chosen == nil then
      error('no preferred quick fix: ' .. vim.inspect(answers), 0)
    end
    vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
    local fixed = vim.api.nvim_buf_get_lines(buf, lnum - 1, lnum, false)[1]
    -- `Tasks 2.1, 2.9`: 2.1 is already listed, so the fix removes 2.9 rather than replace it.
    if fixed:find('2.9', 1, true) or not fixed:find('2.1', 1, true) then
      error('the line reads ' .. fixed, 0)
    end
    wait_for('the unknown-dependency diagnostic on that line to go', function()
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        if code_of(d) == 'unknown-dependency' and d.lnum == lnum - 1 then
          return false
        end
      end
      return true
    end)
  end)

  test('a lens runs: vim.lsp.codelens.run() lists the critical path in the quickfix list', function()
    local line
    for _, lens in ipairs(vim.lsp.codelens.get(buf)) do
      if lens.command and lens.command.title:find('^critical path: ') then
        line = lens.range.start.line + 1
      end
    end
    if line == nil then
      error('no document lens', 0)
    end
    vim.api.nvim_win_set_cursor(0, { line, 0 })
    vim.fn.setqflist({}, 'r')
    vim.lsp.codelens.run()
    wait_for('the critical path in the quickfix list', function()
      return #vim.fn.getqflist() > 1
    end)
    local first = vim.fn.getqflist()[1]
    local text = vim.api.nvim_buf_get_lines(first.bufnr, first.lnum - 1, first.lnum, false)[1]
    if not text:find('^#### Task') then
      error('the first entry is line ' .. first.lnum .. ': ' .. text, 0)
    end
    -- copen moved to the quickfix window; the tests after this one work in the task file.
    vim.cmd('cclose')
    vim.api.nvim_set_current_buf(buf)
  end)

  -- The example's `**Dependencies**: All previous phases` (Task 4.2) names 12 tasks, and
  -- `**Estimate**: 1 day` (Task 1.1) is 8 hours. Neovim 0.10 and later draw inlay hints once
  -- they are enabled; 0.7 to 0.9 have no inlay hints, so there the test asks for them itself.
  test('inlay hints show what a group phrase names and an estimate in hours', function()
    local group_line = find_line(buf, '**Dependencies**: All previous phases') - 1
    local estimate_line = find_line(buf, '**Estimate**: 1 day') - 1
    local function labels_on(hints, line)
      local labels = {}
      for _, hint in ipairs(hints) do
        local label = hint.label
        if type(label) == 'table' then
          local parts = {}
          for _, part in ipairs(label) do
            parts[#parts + 1] = part.value
          end
          label = table.concat(parts)
        end
        if hint.position.line == line then
          labels[#labels + 1] = label
        end
      end
      return table.concat(labels, ' | ')
    end
    local hints
    if vim.lsp.inlay_hint then
      vim.lsp.inlay_hint.enable(true, { bufnr = buf })
      wait_for('inlay hints on the group phrase and the estimate', function()
        hints = {}
        for _, item in ipairs(vim.lsp.inlay_hint.get({ bufnr = buf })) do
          hints[#hints + 1] = item.inlay_hint
        end
        return labels_on(hints, group_line) ~= '' and labels_on(hints, estimate_line) ~= ''
      end)
    else
      local params = {
        textDocument = { uri = vim.uri_from_bufnr(buf) },
        range = { start = { line = 0, character = 0 }, ['end'] = { line = vim.api.nvim_buf_line_count(buf), character = 0 } },
      }
      hints = {}
      for _, answer in pairs(vim.lsp.buf_request_sync(buf, 'textDocument/inlayHint', params, TIMEOUT) or {}) do
        for _, hint in ipairs(answer.result or {}) do
          hints[#hints + 1] = hint
        end
      end
    end
    if labels_on(hints, group_line) ~= '12 tasks' then
      error('the group phrase reads "' .. labels_on(hints, group_line) .. '"', 0)
    end
    if labels_on(hints, estimate_line) ~= '8h' then
      error('the estimate reads "' .. labels_on(hints, estimate_line) .. '"', 0)
    end
  end)

  test('*-tasks.md files get the server and other markdown does not', function()
    local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
    vim.fn.writefile(lines, scratch .. '/notes.md')
    vim.fn.writefile(lines, scratch .. '/sprint-tasks.md')
    vim.cmd('edit ' .. vim.fn.fnameescape(scratch .. '/notes.md'))
    local notes = vim.api.nvim_get_current_buf()
    vim.cmd('edit ' .. vim.fn.fnameescape(scratch .. '/sprint-tasks.md'))
    local sprint = vim.api.nvim_get_current_buf()
    wait_for('diagnostics in sprint-tasks.md', function()
      return tasklens_client(sprint) ~= nil and #vim.diagnostic.get(sprint) > 0
    end)
    if tasklens_client(notes) ~= nil or #vim.diagnostic.get(notes) > 0 then
      error('notes.md got the server', 0)
    end
  end)
end

local ok, err = pcall(run)
if not ok then
  failed = failed + 1
  out('not ok - the test script stopped: ' .. tostring(err))
end
out(string.format('%d passed, %d failed', passed, failed))
for _, client in pairs(vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()) do
  vim.lsp.stop_client(client.id)
end
if failed > 0 then
  vim.cmd('cquit! 1')
else
  vim.cmd('qall!')
end
