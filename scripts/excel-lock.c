/*
 * excel-lock.c - imitate Excel holding a CSV file open (Windows only).
 *
 * Usage: excel-lock.exe PATH [readonly]
 *
 * Opens PATH for reading with FILE_SHARE_READ only, so every other attempt
 * to open the file for writing fails with ERROR_SHARING_VIOLATION (32),
 * exactly as while the file is open in Excel. Then:
 *   - prints "locked" and a newline to stdout (flushed),
 *   - waits until stdin reaches end-of-file or a line arrives,
 *   - closes the file, prints "released" and exits 0.
 * With "readonly" it opens the file as Excel opens a read-only copy of a
 * file another program holds for writing: sharing read and write, but not
 * delete, so the file cannot be renamed over or deleted meanwhile.
 * If the file cannot be opened it prints "error N" (N = the Windows error
 * number from GetLastError, e.g. 2 = file not found, 32 = already locked)
 * to stdout and exits 1. A usage error exits 2.
 *
 * Output lines end in a bare "\n" (stdout is switched to binary mode).
 *
 * The path arrives as UTF-16 through wmain, so non-ASCII names work.
 * Under Wine a Linux path such as /tmp/x.csv works when the current
 * directory is on drive Z: (the default when started from a Linux directory
 * outside the Wine prefix): "/tmp/x.csv" means "\tmp\x.csv" on the current
 * drive, i.e. Z:\tmp\x.csv.
 *
 * Built by scripts/build-windows:
 *   x86_64-w64-mingw32-gcc -municode -Os -s -o excel-lock.exe excel-lock.c
 */
#include <windows.h>
#include <stdio.h>
#include <fcntl.h>
#include <io.h>

int wmain(int argc, wchar_t **argv)
{
    HANDLE h;
    int c;

    /* Plain "\n" line ends (msvcrt's text mode would write "\r\n"). */
    _setmode(_fileno(stdout), _O_BINARY);

    if (argc != 2 && !(argc == 3 && wcscmp(argv[2], L"readonly") == 0)) {
        fprintf(stderr, "usage: excel-lock.exe PATH [readonly]\n");
        return 2;
    }

    /* "readonly": Excel's read-only copy of a file another program is
     * writing lets others read and write, but not delete or rename it. */
    h = CreateFileW(argv[1], GENERIC_READ,
                    argc == 3 ? FILE_SHARE_READ | FILE_SHARE_WRITE : FILE_SHARE_READ,
                    NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        printf("error %lu\n", (unsigned long)GetLastError());
        fflush(stdout);
        return 1;
    }

    printf("locked\n");
    fflush(stdout);

    /* Hold the file until stdin closes or one line is read. */
    do {
        c = getchar();
    } while (c != EOF && c != '\n');

    CloseHandle(h);
    printf("released\n");
    fflush(stdout);
    return 0;
}
