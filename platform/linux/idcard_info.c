/* idcard_info.c — the parts of plat_idcard.h that every reader driver
 * shares (the kiosk's serial reader, the emulator's sample cards): wiping a
 * card's data and the messages shown to villagers. */
#include "plat_idcard.h"

#include <stdlib.h>
#include <string.h>

void plat_idcard_clear(plat_idcard_info *info)
{
    if (!info)
        return;
    if (info->photo) {
        memset(info->photo, 0, info->photo_len); /* personal data: wipe before freeing */
        free(info->photo);
    }
    memset(info, 0, sizeof *info);
}

const char *plat_idcard_strerror(int code)
{
    switch (code) {
    case PLAT_IDCARD_OK: return "读卡成功";
    case PLAT_IDCARD_NO_CARD: return "请把身份证平放在读卡区";
    case PLAT_IDCARD_READ_FAIL: return "没有读出，请把身份证放平，别移动，再试一次";
    case PLAT_IDCARD_NO_DEVICE: return "读卡器没有连接，请找工作人员";
    case PLAT_IDCARD_TIMEOUT: return "读卡器没有回应，请稍后再试或找工作人员";
    case PLAT_IDCARD_BAD_FRAME: return "读卡出错，请把身份证拿开再放上";
    case PLAT_IDCARD_BAD_DATA: return "这张卡读不出，请换用手工填写";
    case PLAT_IDCARD_READER_FAULT: return "读卡器故障，请找工作人员";
    case PLAT_IDCARD_IO: return "读卡器连接出错，请找工作人员";
    case PLAT_IDCARD_NOMEM: return "设备内存不足，请找工作人员";
    default: return "读卡出错，请找工作人员";
    }
}
