/* make_camera_samples.c — draws the emulator's sample camera pages
 * (the JPEG files in assets/camera): a 户口本 page (常住人口登记卡), a 残疾人证 and a bank
 * card, each lying on a desk as a document camera sees it, with text set in
 * the app's own fonts and a 样本 mark; every name and number is made up.
 * Built on demand (make_camera_samples target), run once:
 *   ./build/tests/platform/make_camera_samples assets/fonts assets/camera
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "plat_camera.h"

#define W 1600
#define H 1200

static SDL_Surface *page;
static const char *fontdir;

static void fill(int x, int y, int w, int h, Uint8 r, Uint8 g, Uint8 b)
{
    SDL_Rect rc = {x, y, w, h};
    SDL_FillRect(page, &rc, SDL_MapRGB(page->format, r, g, b));
}

static void text(int x, int y, int px, int bold, const char *s, Uint8 r, Uint8 g, Uint8 b)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/cunzhan-sc-%s.otf", fontdir, bold ? "bold" : "regular");
    TTF_Font *f = TTF_OpenFont(path, px);
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, TTF_GetError());
        exit(1);
    }
    SDL_Surface *t = TTF_RenderUTF8_Blended(f, s, (SDL_Color){r, g, b, 255});
    SDL_Rect at = {x, y, 0, 0};
    SDL_BlitSurface(t, NULL, page, &at);
    SDL_FreeSurface(t);
    TTF_CloseFont(f);
}

static void frame_lines(int x, int y, int w, int h, int rows, Uint8 r, Uint8 g, Uint8 b)
{
    for (int i = 0; i <= rows; i++)
        fill(x, y + i * h / rows, w, 3, r, g, b);
    fill(x, y, 3, h, r, g, b);
    fill(x + w - 3, y, 3, h, r, g, b);
}

/* the desk: a grey-brown wood tone with soft stripes */
static void desk(void)
{
    for (int y = 0; y < H; y++)
        fill(0, y, W, 1, (Uint8)(120 + (y / 37) % 3 * 4), (Uint8)(104 + (y / 53) % 2 * 3), 88);
}

static void save(const char *dir, const char *name)
{
    plat_frame f = {W, H, malloc((size_t)W * H * 3)};
    SDL_Surface *rgb = SDL_ConvertSurfaceFormat(page, SDL_PIXELFORMAT_RGB24, 0);
    for (int y = 0; y < H; y++)
        memcpy(f.rgb + (size_t)y * W * 3, (Uint8 *)rgb->pixels + (size_t)y * rgb->pitch, W * 3);
    SDL_FreeSurface(rgb);
    uint8_t *jpg = NULL;
    size_t len = 0;
    if (plat_camera_rgb_to_jpeg(&f, 80, &jpg, &len)) {
        fprintf(stderr, "encode failed\n");
        exit(1);
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *o = fopen(path, "wb");
    if (!o || fwrite(jpg, 1, len, o) != len || fclose(o)) {
        fprintf(stderr, "%s: cannot write\n", path);
        exit(1);
    }
    printf("%s %zu bytes\n", path, len);
    free(jpg);
    free(f.rgb);
}

static void hukou(void)
{
    desk();
    int x = 160, y = 90, w = 1280, h = 1020;
    fill(x + 12, y + 12, w, h, 70, 60, 50); /* shadow */
    fill(x, y, w, h, 250, 246, 236);
    text(x + 430, y + 40, 64, 1, "常住人口登记卡", 150, 40, 40);
    int tx = x + 60, ty = y + 160, tw = w - 120, rh = 110;
    frame_lines(tx, ty, tw, rh * 7, 7, 170, 80, 80);
    fill(tx + 300, ty, 3, rh * 7, 170, 80, 80);
    const char *lab[7] = {"姓名", "与户主关系", "性别", "民族", "出生日期", "住址", "公民身份号码"};
    const char *val[7] = {"孙秀兰", "户主", "女", "汉族", "1956年3月12日", "青山村三组12号", "（样本，不是真实号码）"};
    for (int i = 0; i < 7; i++) {
        text(tx + 24, ty + i * rh + 30, 40, 0, lab[i], 120, 50, 50);
        text(tx + 330, ty + i * rh + 26, 46, 0, val[i], 30, 30, 30);
    }
    text(x + 60, y + h - 80, 34, 0, "登记机关：青山县公安局（样本）", 90, 90, 90);
    text(x + w - 300, y + 60, 80, 1, "样本", 220, 60, 60);
}

static void disability(void)
{
    desk();
    int x = 300, y = 170, w = 1000, h = 860;
    fill(x + 12, y + 12, w, h, 70, 60, 50);
    fill(x, y, w, h, 232, 244, 234);
    fill(x, y, w, 150, 40, 120, 70);
    text(x + 250, y + 36, 72, 1, "中华人民共和国残疾人证", 255, 255, 255);
    const char *rows[5] = {"姓名：王大成", "残疾类别：肢体残疾", "残疾等级：三级", "证号：（样本号码）", "发证机关：青山县残疾人联合会"};
    for (int i = 0; i < 5; i++)
        text(x + 70, y + 200 + i * 120, 48, 0, rows[i], 30, 50, 30);
    text(x + w - 260, y + h - 150, 80, 1, "样本", 220, 60, 60);
}

static void bankcard(void)
{
    desk();
    int x = 350, y = 300, w = 900, h = 570;
    fill(x + 10, y + 10, w, h, 70, 60, 50);
    fill(x, y, w, h, 30, 80, 160);
    text(x + 50, y + 40, 60, 1, "青山农村商业银行", 255, 255, 255);
    fill(x + 60, y + 170, 120, 90, 220, 190, 90); /* the chip */
    text(x + 50, y + 320, 64, 0, "6200 0000 0000 0000", 255, 255, 255);
    text(x + 50, y + 440, 40, 0, "借记卡 · 样本", 220, 230, 255);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s FONTDIR OUTDIR\n", argv[0]);
        return 2;
    }
    fontdir = argv[1];
    if (TTF_Init() != 0)
        return 1;
    page = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    hukou();
    save(argv[2], "1-hukou.jpg");
    disability();
    save(argv[2], "2-disability.jpg");
    bankcard();
    save(argv[2], "3-bankcard.jpg");
    SDL_FreeSurface(page);
    TTF_Quit();
    return 0;
}
