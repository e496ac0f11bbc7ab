// voice.js: how the lobby board says a call aloud, in Vietnamese:
// "Mời công dân có số thứ tự A, không, không, năm, đến quầy số 2".
//
// With a Vietnamese speechSynthesis voice in the browser, the chime is
// followed by that voice reading the sentence. Without one (the usual case
// on a TV or a Linux kiosk, and always offline), recorded clips from
// /static/sounds/ are played in sequence with Web Audio: the chime, "Mời
// công dân có số thứ tự", the letter, each digit, "đến quầy số", the
// counter number. The clips are made by `make voice` (scripts/voice.sh)
// and can be replaced by real recordings under the same names.

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/** spokenNumber reads a ticket number as the board says it: "A, không, không, năm". */
export function spokenNumber(number) {
  return [...number].map((ch) => (ch >= '0' && ch <= '9' ? DIGITS[+ch] : ch)).join(', ');
}

/** phrase is the sentence of a call; the same as queue.CallPhrase on the server. */
export function phrase(number, counter) {
  return `Mời công dân có số thứ tự ${spokenNumber(number)}, đến quầy số ${counter}`;
}

/**
 * counterWords names the clips that say a counter number: 2 → digit-2,
 * 12 → ten digit-2 ("mười hai"), 21 → digit-2 tens mot ("hai mươi mốt"),
 * 25 → "hai mươi lăm", 24 → "hai mươi tư"; past 99, digit by digit.
 */
export function counterWords(n) {
  if (n >= 0 && n <= 9) return [`digit-${n}`];
  if (n >= 10 && n <= 99) {
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    const out = tens === 1 ? ['ten'] : [`digit-${tens}`, 'tens'];
    if (ones === 1) out.push(tens === 1 ? 'digit-1' : 'mot');
    else if (ones === 4 && tens > 1) out.push('tu');
    else if (ones === 5) out.push('lam');
    else if (ones > 0) out.push(`digit-${ones}`);
    return out;
  }
  return [...String(n)].map((d) => `digit-${d}`);
}

/** clipsFor lists the clips of a call with the pause after each, in seconds. */
export function clipsFor(number, counter) {
  const out = [{ name: 'chime', gap: 0.3 }, { name: 'intro', gap: 0.12 }];
  for (const ch of number.toLowerCase()) {
    if (ch >= '0' && ch <= '9') out.push({ name: `digit-${ch}`, gap: 0.16 });
    else if (ch >= 'a' && ch <= 'z') out.push({ name: `letter-${ch}`, gap: 0.16 });
  }
  out[out.length - 1].gap = 0.3;
  out.push({ name: 'counter', gap: 0.1 });
  for (const w of counterWords(counter)) out.push({ name: w, gap: 0.04 });
  return out;
}

const CLIPS = ['chime', 'intro', 'counter', 'ten', 'tens', 'mot', 'tu', 'lam',
  ...DIGITS.map((_, i) => `digit-${i}`),
  ...'abcdefghijklmnopqrstuvwxyz'.split('').map((c) => `letter-${c}`)];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Voice plays announcements. mode is "auto" (a Vietnamese speech voice if
 * the browser has one, else the clips), "speech", "clips" or "off"; rate
 * scales the speed (1 is normal, 0.8 slower; tests use 4).
 */
export class Voice {
  constructor(mode = 'auto', rate = 1, base = '/static/sounds/') {
    this.mode = mode;
    this.rate = rate > 0 && rate <= 8 ? rate : 1;
    this.base = base;
    this.buffers = new Map();
    this.viVoice = null;
    this.ctx = null;
    this.onblocked = () => {};
  }

  /** init loads the clips and looks for a Vietnamese voice. */
  async init() {
    if ('speechSynthesis' in window) {
      const pick = () => {
        this.viVoice = speechSynthesis.getVoices().find((v) => /^vi([-_]|$)/i.test(v.lang)) || null;
      };
      pick();
      speechSynthesis.addEventListener('voiceschanged', pick);
    }
    const AC = window.AudioContext || window.webkitAudioContext;
    if (!AC || this.mode === 'off') return;
    this.ctx = new AC();
    await Promise.all(CLIPS.map(async (name) => {
      try {
        const res = await fetch(this.base + name + '.ogg');
        if (!res.ok) return;
        this.buffers.set(name, await this.ctx.decodeAudioData(await res.arrayBuffer()));
      } catch (e) { /* a missing clip is skipped when played */ }
    }));
  }

  /** blocked reports whether the browser holds sound until someone taps. */
  blocked() {
    return this.mode !== 'off' && !!this.ctx && this.ctx.state !== 'running';
  }

  /** unlock runs from a tap: it lets both Web Audio and speech play. */
  async unlock() {
    if (this.ctx && this.ctx.state !== 'running') {
      try { await this.ctx.resume(); } catch (e) { /* still blocked */ }
    }
    if ('speechSynthesis' in window) {
      const u = new SpeechSynthesisUtterance(' ');
      u.volume = 0;
      speechSynthesis.speak(u);
    }
  }

  /** way says how the next announcement will sound: speech, clips or muted. */
  way() {
    if (this.mode === 'off') return 'muted';
    const speech = this.viVoice && (this.mode === 'auto' || this.mode === 'speech');
    if (speech) return 'speech';
    if (this.blocked()) return 'muted';
    return this.buffers.size ? 'clips' : 'muted';
  }

  /**
   * announce says the call and resolves when it is over (or after a
   * bounded time, whatever the browser does). It returns how it sounded.
   */
  async announce(number, counter) {
    const way = this.way();
    if (way === 'speech') {
      await this.play([{ name: 'chime', gap: 0.2 }]);
      if (await this.speak(phrase(number, counter))) return 'speech';
      if (this.blocked() || !this.buffers.size) return 'muted';
      await this.play(clipsFor(number, counter).slice(1));
      return 'clips';
    }
    if (way === 'clips') {
      await this.play(clipsFor(number, counter));
      return 'clips';
    }
    await sleep(2500 / this.rate); // the flash alone, so two calls still show in turn
    return 'muted';
  }

  /** play schedules the clips back to back and waits for their end. */
  async play(list) {
    if (!this.ctx || this.blocked()) return;
    let t = this.ctx.currentTime + 0.05;
    const start = t;
    for (const { name, gap } of list) {
      const buf = this.buffers.get(name);
      if (!buf) continue;
      const src = this.ctx.createBufferSource();
      src.buffer = buf;
      src.playbackRate.value = this.rate;
      src.connect(this.ctx.destination);
      src.start(t);
      t += (buf.duration + gap) / this.rate;
    }
    await sleep((t - start) * 1000 + 100);
  }

  /** speak reads text with the Vietnamese voice; false if it could not. */
  speak(text) {
    return new Promise((resolve) => {
      const u = new SpeechSynthesisUtterance(text);
      u.voice = this.viVoice;
      u.lang = this.viVoice.lang || 'vi-VN';
      u.rate = Math.min(0.9 * this.rate, 10);
      let done = false;
      const finish = (ok) => { if (!done) { done = true; resolve(ok); } };
      u.onend = () => finish(true);
      u.onerror = () => finish(false);
      // Some engines never report the end: give up after a generous time.
      setTimeout(() => finish(true), (4000 + text.length * 120) / this.rate);
      speechSynthesis.speak(u);
    });
  }
}
