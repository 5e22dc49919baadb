// The on-screen A–Z pad (拼音首字母): a TV remote has no letters, so people type initials here. Each key
// shows the characters it stands for next (Z → 张赵), and keys that would find nobody are dimmed.
import { t } from '../../i18n/i18n.ts';
import { LETTERS, type LetterHint } from './roster-search.pure.ts';

export interface LetterPadProps {
  hints: Record<string, LetterHint>;
  onLetter: (letter: string) => void;
  onDelete: () => void;
  onClear: () => void;
}

export function LetterPad({ hints, onLetter, onDelete, onClear }: LetterPadProps) {
  return (
    <div class="letter-pad" role="group" aria-label={t('checkin.letters')} data-testid="letter-pad">
      {LETTERS.map((letter) => {
        const hint = hints[letter];
        return (
          <button
            key={letter}
            type="button"
            class={`letter-key ${hint?.leads ? '' : 'letter-key-dead'}`}
            data-letter={letter}
            // Still a key to tap; the remote passes over it (17 presses to reach 张伟 otherwise).
            aria-disabled={hint?.leads ? undefined : 'true'}
            aria-label={letter.toUpperCase() + (hint?.chars ? ` ${hint.chars}` : '')}
            onClick={() => onLetter(letter)}
          >
            <span class="letter">{letter.toUpperCase()}</span>
            <span class="letter-hint">{hint?.chars ?? ''}</span>
          </button>
        );
      })}
      <button type="button" class="letter-key letter-key-wide" data-testid="key-delete" onClick={onDelete}>
        {t('checkin.key.delete')}
      </button>
      <button type="button" class="letter-key letter-key-wide" data-testid="key-clear" onClick={onClear}>
        {t('checkin.key.clear')}
      </button>
    </div>
  );
}
