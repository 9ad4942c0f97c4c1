/* voice_say.c — the voice-say tool: speaks a text into a WAV file with the
 * kiosk's voice module, for technicians checking the speaker and for tests
 * (listen to it, or check it with sox).
 *
 *   voice-say [-r WPM] [-d ESPEAK_DATA_DIR] [-x] -o out.wav 文字 ...
 *   (-x also prints the engine's phonemes)
 *   echo 文字 | voice-say -o out.wav          (text from standard input)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "voice/voice.h"

static void put16(FILE *f, unsigned v)
{
    fputc((int)(v & 0xff), f);
    fputc((int)((v >> 8) & 0xff), f);
}

static void put32(FILE *f, uint32_t v)
{
    put16(f, v & 0xffff);
    put16(f, v >> 16);
}

/* Writes a PCM WAV (16-bit mono, little-endian). 0 or -1. */
static int write_wav(const char *path, const voice_clip *c)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "wb") : stdout;
    if (!f)
        return -1;
    uint32_t data = (uint32_t)(c->samples * 2);
    fwrite("RIFF", 1, 4, f);
    put32(f, 36 + data);
    fwrite("WAVEfmt ", 1, 8, f);
    put32(f, 16);
    put16(f, 1); /* PCM */
    put16(f, 1); /* mono */
    put32(f, (uint32_t)c->rate);
    put32(f, (uint32_t)c->rate * 2);
    put16(f, 2);
    put16(f, 16);
    fwrite("data", 1, 4, f);
    put32(f, data);
    for (size_t i = 0; i < c->samples; i++)
        put16(f, (unsigned)(uint16_t)c->pcm[i]);
    int bad = ferror(f);
    if (f != stdout)
        bad |= fclose(f) != 0;
    else
        bad |= fflush(f) != 0;
    return bad ? -1 : 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: voice-say [-r WPM] [-d ESPEAK_DATA_DIR] [-x] -o OUT.wav [TEXT...]\n"
                    "  speaks TEXT (or standard input) in Mandarin into a WAV file ('-': stdout);\n"
                    "  -x prints the engine's phonemes too\n");
}

int main(int argc, char **argv)
{
    const char *out = NULL, *data = NULL;
    int wpm = 0, opt, phonemes = 0;
    while ((opt = getopt(argc, argv, "r:d:o:xh")) != -1) {
        switch (opt) {
        case 'x': phonemes = 1; break;
        case 'r': wpm = atoi(optarg); break;
        case 'd': data = optarg; break;
        case 'o': out = optarg; break;
        default: usage(); return 2;
        }
    }
    if (!out) {
        usage();
        return 2;
    }
    char text[VOICE_MAX_TEXT + 2];
    size_t n = 0;
    if (optind < argc) {
        for (int i = optind; i < argc; i++) {
            size_t l = strlen(argv[i]);
            if (n + l + 2 > sizeof text) {
                fprintf(stderr, "voice-say: text longer than %d bytes\n", VOICE_MAX_TEXT);
                return 1;
            }
            if (n)
                text[n++] = ' ';
            memcpy(text + n, argv[i], l);
            n += l;
        }
    } else {
        n = fread(text, 1, sizeof text - 1, stdin);
    }
    text[n] = '\0';

    char err[256];
    voice *v = NULL;
    int rc = voice_new(&v, data, err, sizeof err);
    if (rc != VOICE_OK) {
        fprintf(stderr, "voice-say: %s (%s)\n", voice_strerror(rc), err);
        return 1;
    }
    if (wpm && (rc = voice_set_rate(v, wpm)) != VOICE_OK) {
        fprintf(stderr, "voice-say: rate %d: %s\n", wpm, voice_strerror(rc));
        voice_free(v);
        return 2;
    }
    if (phonemes) {
        char ph[8192];
        if (voice_phonemes(v, text, ph, sizeof ph) == VOICE_OK)
            fprintf(stderr, "%s\n", ph);
    }
    const voice_clip *c = NULL;
    rc = voice_synth(v, text, &c);
    if (rc != VOICE_OK) {
        fprintf(stderr, "voice-say: %s\n", voice_strerror(rc));
        voice_free(v);
        return 1;
    }
    if (write_wav(out, c) != 0) {
        fprintf(stderr, "voice-say: cannot write %s\n", out);
        voice_free(v);
        return 1;
    }
    fprintf(stderr, "voice-say: %zu samples at %d Hz (%.2f s)%s -> %s\n", c->samples, c->rate,
            (double)c->samples / c->rate, c->cut ? ", cut at the length limit" : "", out);
    voice_free(v);
    return 0;
}
