/* services.c — the parts the program hands the app for its screens (services.h). */
#include "ui/core/app_int.h"

void ui_app_set_services(ui_app *a, const ui_services *s)
{
    a->svc = *s;
    a->dirty = 1;
}

const ui_services *ui_app_services(const ui_app *a) { return &a->svc; }
