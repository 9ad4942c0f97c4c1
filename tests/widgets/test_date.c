/* test_date.c — the date picker: real calendar days only (no 2月30日, 29
 * February in leap years only), the range [min, max] is never left, taps on
 * the arrows and the neighbour values step, a drag turns a wheel. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ui/screens/gallery/demo_gallery.h"
#include "ui/core/script.h"
#include "uitest.h"
#include "ui/widgets/widget_date.h"

#define D(y, m, d) ((ui_date){y, m, d})

static void test_calendar(void)
{
    CHECK_EQ_INT(ui_date_days_in_month(2024, 2), 29);
    CHECK_EQ_INT(ui_date_days_in_month(2023, 2), 28);
    CHECK_EQ_INT(ui_date_days_in_month(1900, 2), 28); /* century, not leap */
    CHECK_EQ_INT(ui_date_days_in_month(2000, 2), 29); /* every 400 years */
    CHECK_EQ_INT(ui_date_days_in_month(2026, 4), 30);
    CHECK_EQ_INT(ui_date_days_in_month(2026, 12), 31);
    CHECK_EQ_INT(ui_date_days_in_month(2026, 0), 0);
    CHECK_EQ_INT(ui_date_days_in_month(2026, 13), 0);
    CHECK(!ui_date_valid(D(2026, 2, 30)));
    CHECK(!ui_date_valid(D(2026, 2, 29)));
    CHECK(ui_date_valid(D(2024, 2, 29)));
    CHECK(!ui_date_valid(D(2026, 4, 31)));
    CHECK(!ui_date_valid(D(2026, 1, 0)));
    CHECK(ui_date_cmp(D(2026, 1, 2), D(2026, 1, 1)) > 0);
    CHECK(ui_date_cmp(D(2025, 12, 31), D(2026, 1, 1)) < 0);
    CHECK_EQ_INT(ui_date_cmp(D(2026, 3, 3), D(2026, 3, 3)), 0);
    /* bad ranges are refused */
    CHECK(ui_datepick_new("d", D(2026, 2, 30), D(2027, 1, 1), D(2026, 5, 5)) == NULL);
    CHECK(ui_datepick_new("d", D(2027, 1, 1), D(2026, 1, 1), D(2026, 5, 5)) == NULL);
}

/* A picker of test_steps' range (1900-01-01 .. 2026-11-22) started at v in
 * place of p: a start is pulled in and clamped as a step's result is. */
static ui_datepick *at(ui_datepick *p, ui_date v)
{
    ui_datepick_free(p);
    p = ui_datepick_new("d", D(1900, 1, 1), D(2026, 11, 22), v);
    CHECK(p != NULL); /* the range is good: NULL only without memory */
    return p;
}

static void test_steps(void)
{
    ui_datepick *p = ui_datepick_new("d", D(1900, 1, 1), D(2026, 11, 22), D(2026, 1, 31));
    REQUIRE(p != NULL);
    /* 1月31日 → 2月: the day is pulled in to 28 (2026 is not a leap year) */
    CHECK_EQ_INT(ui_datepick_step(p, 1, +1), 1);
    ui_date v = ui_datepick_value(p);
    CHECK(v.m == 2 && v.d == 28);
    /* no 2月29日 / 30日: the day wheel stops at 28 */
    CHECK_EQ_INT(ui_datepick_step(p, 2, +1), 0);
    CHECK_EQ_INT(ui_datepick_value(p).d, 28);
    /* walk every day of every month of 2023..2025 up and check each is real */
    for (int y = 2023; y <= 2025; y++) {
        p = at(p, D(y, 1, 1));
        for (int m = 1; m <= 12; m++) {
            int days = 1;
            while (ui_datepick_step(p, 2, +1)) {
                CHECK(ui_date_valid(ui_datepick_value(p)));
                days++;
            }
            CHECK_EQ_INT(days, ui_date_days_in_month(y, m));
            if (m < 12) {
                CHECK_EQ_INT(ui_datepick_step(p, 1, +1), 1);
                p = at(p, D(y, m + 1, 1));
            }
        }
    }
    /* 2024-02-29 → next year: 2025-02-28 */
    p = at(p, D(2024, 2, 29));
    CHECK_EQ_INT(ui_datepick_value(p).d, 29);
    CHECK_EQ_INT(ui_datepick_step(p, 0, +1), 1);
    v = ui_datepick_value(p);
    CHECK(v.y == 2025 && v.m == 2 && v.d == 28);
    /* a start that is not a real day is pulled in */
    p = at(p, D(2026, 2, 30));
    v = ui_datepick_value(p);
    CHECK(v.y == 2026 && v.m == 2 && v.d == 28);
    /* the maximum: no year, month or day past 2026-11-22 */
    p = at(p, D(2026, 11, 20));
    CHECK_EQ_INT(ui_datepick_step(p, 0, +1), 0);
    CHECK_EQ_INT(ui_datepick_step(p, 1, +1), 0);
    CHECK_EQ_INT(ui_datepick_step(p, 2, +1), 1);
    CHECK_EQ_INT(ui_datepick_step(p, 2, +1), 1);
    CHECK_EQ_INT(ui_datepick_step(p, 2, +1), 0);
    CHECK_EQ_INT(ui_date_cmp(ui_datepick_value(p), D(2026, 11, 22)), 0);
    /* from 2025-12-25 a year up lands on the maximum, not 2026-12-25 */
    p = at(p, D(2025, 12, 25));
    CHECK_EQ_INT(ui_datepick_step(p, 0, +1), 1);
    CHECK_EQ_INT(ui_date_cmp(ui_datepick_value(p), D(2026, 11, 22)), 0);
    /* a start past either end is clamped */
    p = at(p, D(2030, 1, 1));
    CHECK_EQ_INT(ui_date_cmp(ui_datepick_value(p), D(2026, 11, 22)), 0);
    p = at(p, D(1800, 6, 6));
    CHECK_EQ_INT(ui_date_cmp(ui_datepick_value(p), D(1900, 1, 1)), 0);
    CHECK_EQ_INT(ui_datepick_step(p, 0, -1), 0);
    CHECK_EQ_INT(ui_datepick_step(p, 1, -1), 0);
    CHECK_EQ_INT(ui_datepick_step(p, 2, -1), 0);
    CHECK_EQ_INT(ui_datepick_step(p, 3, 1), 0); /* no such wheel */
    /* ten years at a time (the year wheel's ▲10年 and ▼10年): the day kept,
     * pulled in at either end; none wholly outside the range */
    p = at(p, D(2020, 3, 1));
    CHECK_EQ_INT(ui_datepick_step(p, 0, +10), 0); /* 2030 */
    CHECK_EQ_INT(ui_datepick_step(p, 0, -10), 1);
    CHECK_EQ_INT(ui_date_cmp(ui_datepick_value(p), D(2010, 3, 1)), 0);
    p = at(p, D(2016, 12, 31));
    CHECK_EQ_INT(ui_datepick_step(p, 0, +10), 1);
    CHECK_EQ_INT(ui_date_cmp(ui_datepick_value(p), D(2026, 11, 22)), 0);
    p = at(p, D(1910, 2, 1));
    CHECK_EQ_INT(ui_datepick_step(p, 0, -10), 1);
    CHECK_EQ_INT(ui_datepick_step(p, 0, -10), 0); /* 1890 */
    CHECK_EQ_INT(ui_date_cmp(ui_datepick_value(p), D(1900, 2, 1)), 0);
    ui_datepick_free(p);

    /* a start outside the range begins at the nearest end */
    p = ui_datepick_new("d", D(2026, 3, 10), D(2026, 3, 20), D(2026, 4, 1));
    REQUIRE(p != NULL);
    CHECK_EQ_INT(ui_date_cmp(ui_datepick_value(p), D(2026, 3, 20)), 0);
    CHECK_EQ_INT(ui_datepick_step(p, 1, +1), 0); /* April is wholly outside */
    CHECK_EQ_INT(ui_datepick_step(p, 1, -1), 0);
    ui_datepick_free(p);
}

static void test_taps_and_drag(void)
{
    uitest_app u;
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    char err[256] = "";
    REQUIRE(ui_script_run(u.app, "demo date\n", "s", NULL, err, sizeof err) == 0);
    ui_datepick *p = ui_demo_datepick(ui_app_top(u.app));
    REQUIRE(p != NULL);
    CHECK_EQ_INT(ui_date_cmp(ui_datepick_value(p), D(1950, 1, 1)), 0);
    /* at 1月1日 there is nothing above month and day */
    CHECK(ui_script_run(u.app, "expect-target @demo.date.m.up\n", "s", NULL, err, sizeof err));
    CHECK(ui_script_run(u.app, "expect-target @demo.date.d.up\n", "s", NULL, err, sizeof err));
    CHECK_EQ_INT(ui_script_run(u.app, "tap @demo.date.d.down\ntap @demo.date.d.down\n"
                               "tap @demo.date.m.down\ntap @demo.date.y.up\n", "s", NULL, err,
                               sizeof err), 0);
    CHECK_EQ_INT(ui_date_cmp(ui_datepick_value(p), D(1949, 2, 3)), 0);
    /* 1月31日 then 2月 gives 2月28日 through taps too (to 1950-01-31 first:
     * a year down, a month up, 28 days down) */
    char s[1024] = "tap @demo.date.y.down\ntap @demo.date.m.up\n";
    for (int i = 0; i < 28; i++)
        strcat(s, "tap @demo.date.d.down\n");
    CHECK_EQ_INT(ui_script_run(u.app, s, "s", NULL, err, sizeof err), 0);
    CHECK_EQ_INT(ui_date_cmp(ui_datepick_value(p), D(1950, 1, 31)), 0);
    CHECK_EQ_INT(ui_script_run(u.app, "tap @demo.date.m.down\n", "s", NULL, err, sizeof err), 0);
    CHECK_EQ_INT(ui_date_cmp(ui_datepick_value(p), D(1950, 2, 28)), 0);
    CHECK(ui_script_run(u.app, "expect-target @demo.date.d.down\n", "s", NULL, err, sizeof err));
    /* drag the year wheel up by about three rows: three years later */
    int x, y;
    REQUIRE(ui_app_find_target(u.app, "demo.date.y.down", &x, &y) == 0);
    int row = ui_app_theme(u.app)->target;
    char drag[128];
    snprintf(drag, sizeof drag, "drag %d %d %d %d 300\n", x, y - row, x, y - row - row * 2);
    CHECK_EQ_INT(ui_script_run(u.app, drag, "s", NULL, err, sizeof err), 0);
    ui_date v = ui_datepick_value(p);
    CHECK(v.y == 1953 && v.m == 2 && v.d == 28);
    /* the range spans more than ten years: ▲10年 and ▼10年 beside ▲ and ▼ */
    CHECK_EQ_INT(ui_script_run(u.app, "tap @demo.date.y.up10\ntap @demo.date.y.up10\n"
                               "tap @demo.date.y.down10\n", "s", NULL, err, sizeof err), 0);
    CHECK_EQ_INT(ui_date_cmp(ui_datepick_value(p), D(1943, 2, 28)), 0);
    uitest_close(&u);

    /* at the range's first year ▲ and ▲10年 are greyed, ▼10年 is not (a
     * range under ten years greys both ten-year steps everywhere) */
    REQUIRE(uitest_open(&u, 1080, 1920) == 0);
    REQUIRE(ui_script_run(u.app, "demo date\n", "s", NULL, err, sizeof err) == 0);
    p = ui_demo_datepick(ui_app_top(u.app));
    REQUIRE(p != NULL);
    CHECK_EQ_INT(ui_script_run(u.app, "expect-target @demo.date.y.up10\n", "s", NULL, err,
                               sizeof err), 0);
    while (ui_datepick_step(p, 0, -1))
        ;
    ui_app_invalidate(u.app);
    CHECK_EQ_INT(ui_script_run(u.app, "settle\nexpect-target @demo.date.y.down10\n", "s",
                               NULL, err, sizeof err), 0);
    CHECK(ui_script_run(u.app, "expect-target @demo.date.y.up10\n", "s", NULL, err, sizeof err));
    CHECK(ui_script_run(u.app, "expect-target @demo.date.y.up\n", "s", NULL, err, sizeof err));
    uitest_close(&u);
}

int main(void)
{
    RUN(test_calendar);
    RUN(test_steps);
    RUN(test_taps_and_drag);
    return check_summary();
}
