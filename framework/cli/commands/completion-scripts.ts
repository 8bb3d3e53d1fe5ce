// The text of folio's completion scripts for bash, zsh and fish, from a table of its commands.
// Ids are looked up as you type (`folio completion --list run-ids`); the rest is written in.
import type { CompletionSource } from '../args.js';

export type ValueSource = CompletionSource;

export interface CompletionTable {
  /** The first word after folio: commands and command groups. */
  tops: { name: string; summary: string }[];
  groups: { name: string; summary: string; subcommands: string[] }[];
  /** Every command line, `run` or `runs list`, with its options and what its first positional is. */
  commands: {
    words: string;
    summary: string;
    options: { flags: string[]; takesValue: boolean; values: ValueSource; help: string }[];
    positional: CompletionSource;
  }[];
  configKeys: string[];
}

/** A source as one word the bash helper understands: files:yaml,yml  run-ids  words:a b. */
function bashAction(source: ValueSource): string {
  if (typeof source === 'string') return source;
  if ('files' in source) return `files:${source.files.join(',')}`;
  return `words:${source.words.join(' ')}`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function bashScript(table: CompletionTable): string {
  const cases = table.commands.map((command) => {
    const options = command.options.flatMap((o) => o.flags).join(' ');
    const valueCases = command.options
      .filter((o) => o.takesValue)
      .map((o) => `${o.flags.join('|')}) action=${shellQuote(bashAction(o.values))} ;;`)
      .join(' ');
    return [
      `    ${shellQuote(command.words)})`,
      `      options=${shellQuote(options)}; positional=${shellQuote(bashAction(command.positional))}`,
      ...(valueCases === '' ? [] : [`      case "$prev" in ${valueCases} esac`]),
      '      ;;',
    ].join('\n');
  });
  const groupCases = table.groups.map((g) => `    ${g.name}) if ((COMP_CWORD == 2)); then COMPREPLY=($(compgen -W ${shellQuote(g.subcommands.join(' '))} -- "$cur")); return; fi ;;`);
  return `# folio shell completion for bash: source <(folio completion bash)
_folio_config_keys=${shellQuote(table.configKeys.join(' '))}

# Files with one of the extensions in $1 ("yaml,yml"; empty: any), and folders. No word splitting
# of variables here: zsh, which runs this script through bashcompinit, does not do it.
_folio_files() {
  local IFS=$'\\n' f exts=",$1,"
  compopt -o filenames 2>/dev/null
  COMPREPLY=()
  for f in $(compgen -f -- "$cur"); do
    if [[ -d "$f" || "$exts" == ",," ]]; then COMPREPLY+=("$f"); continue; fi
    [[ "$exts" == *",\${f##*.},"* ]] && COMPREPLY+=("$f")
  done
}

_folio_list() {
  local store="" i
  for ((i = 1; i < COMP_CWORD; i++)); do [[ "\${COMP_WORDS[i]}" == --store ]] && store="\${COMP_WORDS[i+1]}"; done
  COMPREPLY=($(compgen -W "$("\${COMP_WORDS[0]}" completion --list "$1" \${store:+--store "$store"} 2>/dev/null)" -- "$cur"))
}

_folio_values() {
  case "$1" in
    files:*) _folio_files "\${1#files:}" ;;
    run-ids|sweep-ids) _folio_list "$1" ;;
    config-keys) compopt -o nospace 2>/dev/null; COMPREPLY=($(compgen -S = -W "$_folio_config_keys" -- "$cur")) ;;
    words:*) COMPREPLY=($(compgen -W "\${1#words:}" -- "$cur")) ;;
    *) COMPREPLY=() ;;
  esac
}

_folio() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local key="\${COMP_WORDS[1]}" options="" positional="none" action=""
  if ((COMP_CWORD == 1)); then
    COMPREPLY=($(compgen -W ${shellQuote([...table.tops.map((t) => t.name), '--help', '--version'].join(' '))} -- "$cur"))
    return
  fi
  case "$key" in
${groupCases.join('\n')}
  esac
  case "$key" in ${table.groups.map((g) => g.name).join('|')}) local sub="\${COMP_WORDS[2]}"; [[ "$sub" == ls ]] && sub=list; key="$key $sub" ;; esac
  case "$key" in
${cases.join('\n')}
  esac
  if [[ -n "$action" ]]; then _folio_values "$action"; return; fi
  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$options" -- "$cur")); return; fi
  _folio_values "$positional"
}
complete -F _folio folio
`;
}

/** zsh runs the bash script through its bash-completion emulation. */
export function zshScript(table: CompletionTable): string {
  return `# folio shell completion for zsh: source <(folio completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashScript(table).split('\n').slice(1).join('\n')}`;
}

function fishQuote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function fishValues(source: ValueSource, keys: string[]): string {
  if (source === 'none') return '-f';
  if (source === 'run-ids' || source === 'sweep-ids') return `-f -a ${fishQuote(`(folio completion --list ${source} 2>/dev/null)`)}`;
  if (source === 'config-keys') return `-f -a ${fishQuote(keys.map((k) => `${k}=`).join(' '))}`;
  if ('words' in source) return `-f -a ${fishQuote(source.words.join(' '))}`;
  if (source.files.length === 0) return '-F';
  return `-f -a ${fishQuote(`(${source.files.map((ext) => `__fish_complete_suffix .${ext}`).join('; ')})`)}`;
}

export function fishScript(table: CompletionTable): string {
  const lines = ['# folio shell completion for fish: folio completion fish > ~/.config/fish/completions/folio.fish', 'complete -c folio -f'];
  const tops = table.tops.map((t) => t.name).join(' ');
  lines.push(`complete -c folio -n "not __fish_seen_subcommand_from ${tops}" -l help -s h -d 'show the commands'`);
  lines.push(`complete -c folio -n "not __fish_seen_subcommand_from ${tops}" -l version -d 'print the version'`);
  for (const top of table.tops) lines.push(`complete -c folio -n "not __fish_seen_subcommand_from ${tops}" -a ${top.name} -d ${fishQuote(top.summary)}`);
  for (const group of table.groups) {
    const subs = group.subcommands.join(' ');
    for (const sub of group.subcommands) {
      const summary = table.commands.find((c) => c.words === `${group.name} ${sub}`)?.summary ?? '';
      lines.push(`complete -c folio -n "__fish_seen_subcommand_from ${group.name}; and not __fish_seen_subcommand_from ${subs}" -a ${sub} -d ${fishQuote(summary)}`);
    }
  }
  for (const command of table.commands) {
    const [first, second] = command.words.split(' ');
    const condition = second === undefined ? `__fish_seen_subcommand_from ${first}` : `__fish_seen_subcommand_from ${first}; and __fish_seen_subcommand_from ${second}`;
    for (const option of command.options) {
      const [long, short] = option.flags;
      const flags = `-l ${long!.slice(2)}${short === undefined ? '' : ` -s ${short.slice(1)}`}`;
      const values = option.takesValue ? `-r ${fishValues(option.values, table.configKeys)}` : '';
      lines.push(`complete -c folio -n "${condition}" ${flags} ${values} -d ${fishQuote(option.help)}`.replace(/ {2,}/g, ' '));
    }
    if (command.positional !== 'none') lines.push(`complete -c folio -n "${condition}" ${fishValues(command.positional, table.configKeys)}`);
  }
  return `${lines.join('\n')}\n`;
}
