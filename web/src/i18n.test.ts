import { describe, expect, it } from 'vitest'
import { pickLocale, t } from './i18n'

describe('messages', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('drive.items', { count: 3 })).toBe('3 items')
    expect(t('storage.used', { used: '1 MB' })).toBe('1 MB of {total} used')
  })
  it('falls back to English for a language without a catalogue', () => {
    expect(pickLocale(['fr-FR', 'de'])).toBe('en')
    expect(pickLocale(['en-GB'])).toBe('en')
  })
})
