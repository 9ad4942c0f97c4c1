#!/usr/bin/env python3
"""Builds assets/text/words.txt: the words a line of Chinese text is not
broken inside (app/core/words.h: the screens' layout and the printed slip's).

Chinese has no spaces, so a line may break between any two characters; a
break inside a word (用手 / 机, 参 / 保登记, 扫 / 一扫) makes an elderly reader
stop and guess. The kiosk's text is known in advance: the strings
(assets/text/zh-CN.txt) and the forms (assets/forms/, their settings). This
cuts them into words with jieba's dictionary (Debian's python3-jieba, MIT;
no guessing of unknown words) and keeps the words of 2 to 4 Han characters,
with the kiosk's own words below, which a general dictionary does not have.
The list is sorted and holds each word once, so a rerun over the same text
gives the same file.

Usage (needs python3-jieba):
    python3 assets/text/make-words.py            writes words.txt
    python3 assets/text/make-words.py --check    exit 1, naming the words, when
                                                 words.txt is not what it would write
Rerun after adding text to forms or strings: the test words_current (--check)
fails until then. tests/ui/test_text.c checks that the list loads and that the
strings' own words stay whole.
"""
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ASSETS = os.path.dirname(HERE)
OUT = os.path.join(HERE, "words.txt")

# The kiosk's own words (terms of the service station and its screens),
# which a general dictionary cuts in two.
OWN = """
扫一扫 村站 办件 本机 回执 回执号 登记号 代办员 帮办 代办 帮办代办 便民 服务站 读给我听
大字模式 低保 高龄津贴 残疾人 补贴 医保 参保 缴费 异地 就医 特困 临时救助 事项 目录 县平台
身份证 证件 户口本 户籍 签名 按手印 手印 生僻字 拼音 手写 换行 清空 上一页 下一页 首页
回首页 办完了 提交 待上传 已上传 正在 重试 网络 断开 维护 技术员 工作人员 二维码 手机
扫码 扫码口 办件查询
参保登记 注销登记 待遇领取 资格认证 信息变更 计划生育 奖励扶助 扶助金 危房改造 优待证
自治州 自治县 自治区 自治旗
"""

HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]{2,4}$")
RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def strings():
    """Every Chinese run of the kiosk's strings and forms."""
    out = []
    with open(os.path.join(HERE, "zh-CN.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "=" not in line:
                continue
            out += RUN.findall(line.split("=", 1)[1])
    def walk(v):
        if isinstance(v, str):
            out.extend(RUN.findall(v))
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
    for path in sorted(glob.glob(os.path.join(ASSETS, "forms", "**", "*.json"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            walk(json.load(f))
    return out


HEADER = (
    "# Words a line of text is not broken inside (2 to 4 Han characters, one a line).\n"
    "# Made by make-words.py from the strings and forms; rerun it after changing them.\n"
)


def main():
    check = sys.argv[1:] == ["--check"]
    if sys.argv[1:] and not check:
        sys.exit("usage: make-words.py [--check]")
    try:
        import jieba
    except ImportError:
        sys.exit("make-words.py needs jieba: apt-get install python3-jieba")
    jieba.setLogLevel(60)
    words = set(w for w in OWN.split() if HAN.match(w))
    for w in words:
        jieba.add_word(w)
    for run in strings():
        for w in jieba.cut(run, HMM=False):
            if HAN.match(w):
                words.add(w)
    text = HEADER + "".join(w + "\n" for w in sorted(words))
    if check:
        try:
            with open(OUT, encoding="utf-8") as f:
                have = f.read()
        except OSError as e:
            sys.exit(f"{OUT}: {e}")
        if have == text:
            print(f"{OUT}: current ({len(words)} words)")
            return
        listed = set(l for l in have.splitlines() if l and not l.startswith("#"))
        new, gone = sorted(words - listed), sorted(listed - words)
        print(f"{OUT} is not what make-words.py makes of the strings and forms now;"
              " rerun python3 assets/text/make-words.py")
        if new:
            print("  missing: " + " ".join(new))
        if gone:
            print("  no longer used: " + " ".join(gone))
        sys.exit(1)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{OUT}: {len(words)} words")


if __name__ == "__main__":
    main()
