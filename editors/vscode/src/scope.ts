// Which settings editor holds a machine-scoped setting; no `vscode` import, so unit tests
// can load it.

/** The command and argument that open the settings editor at `key` in the scope where a
 * machine-scoped setting lives: the Remote tab when the extension runs on a remote machine
 * (code-server, SSH, containers: the browser's User tab cannot hold it there), else the
 * User tab. */
export function machineSettingCommand(
  key: string,
  remoteName: string | undefined,
  inBrowser: boolean,
): { command: string; argument: unknown } {
  if (remoteName !== undefined || inBrowser) {
    return { command: "workbench.action.openRemoteSettings", argument: { query: key } };
  }
  return { command: "workbench.action.openSettings", argument: key };
}
