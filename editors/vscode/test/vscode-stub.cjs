// The few parts of the `vscode` module the bundle touches when it loads (not when it runs).
module.exports = new Proxy({}, { get: (_, name) => (name === "__esModule" ? false : function stub() {}) });
