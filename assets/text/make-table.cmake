# make-table.cmake — the words C code needs without the string table: the
# keys of assets/text/zh-CN.txt under "build.", turned into a C header at
# build time (the top CMakeLists.txt runs it; the header is cz_text_build.h
# in the build tree). Such words are data of code that runs before the table
# is loaded or never loads it: configuration defaults, the ID-card reader's
# code tables, the emulator's window title. Everything else reads the table
# at run time (core_str).
#
#   cmake -DIN=assets/text/zh-CN.txt -DOUT=cz_text_build.h -P make-table.cmake
#
# The header defines, for each key build.a.b_c, a macro CZ_TEXT_A_B_C with its
# text as a string literal, and cz_text_build(key) finding a text by key
# ("a.b_c", without "build.") at run time; NULL for a key it lacks.
if(NOT IN OR NOT OUT)
  message(FATAL_ERROR "usage: cmake -DIN=zh-CN.txt -DOUT=header.h -P make-table.cmake")
endif()

file(STRINGS "${IN}" lines ENCODING UTF-8)
set(defs "")
set(rows "")
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^[ \t]*build\\.([A-Za-z0-9_.]+)[ \t]*=[ \t]*(.*)$")
    continue()
  endif()
  set(key "${CMAKE_MATCH_1}")
  string(STRIP "${CMAKE_MATCH_2}" text)
  # a C string literal: the file's only escape is \n, which C reads alike
  string(REPLACE "\\" "\\\\" text "${text}")
  string(REPLACE "\\\\n" "\\n" text "${text}")
  string(REPLACE "\"" "\\\"" text "${text}")
  string(REPLACE "?" "\\?" text "${text}") # no trigraphs
  string(TOUPPER "${key}" name)
  string(REPLACE "." "_" name "${name}")
  string(APPEND defs "#define CZ_TEXT_${name} \"${text}\"\n")
  string(APPEND rows "        {\"${key}\", CZ_TEXT_${name}},\n")
endforeach()

set(out "/* cz_text_build.h — generated from assets/text/zh-CN.txt (keys build.*) by
 * assets/text/make-table.cmake. Do not edit: edit the asset file. */
#ifndef CZ_TEXT_BUILD_H
#define CZ_TEXT_BUILD_H

#include <stddef.h>
#include <string.h>

${defs}
static inline const char *cz_text_build(const char *key)
{
    static const struct {
        const char *key, *text;
    } rows[] = {
${rows}    };
    for (size_t i = 0; key && i < sizeof rows / sizeof rows[0]; i++)
        if (strcmp(rows[i].key, key) == 0)
            return rows[i].text;
    return NULL;
}

#endif
")
file(WRITE "${OUT}" "${out}")
