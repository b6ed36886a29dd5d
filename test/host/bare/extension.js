// The least an extension can be: its activation time is VS Code's own cost of loading one.
exports.activate = () => undefined;
exports.deactivate = () => undefined;
