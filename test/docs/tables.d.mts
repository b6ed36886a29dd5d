/** Types of tables.mjs (the README's generated tables). */
export function tables(): { settings: string; commands: string };
export function render(readme: string): string;
