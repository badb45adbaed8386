#!/usr/bin/python3
"""A case-insensitive, normalisation-insensitive passthrough file system, for tests.

It mirrors a backing directory and resolves every name the way macOS APFS (default,
case-insensitive) does: `A` is `a`, and `é` written precomposed (NFC) is `é` written
decomposed (NFD). Names are kept as first created (case-preserving); creating a name that
folds to an existing one fails with EEXIST. That is what lets the tests reproduce, on
Linux, unpack attacks that need such a file system (a symlink `A` replacing a directory
`a` that an extractor still trusts by name).

Usage (as root, from the tests): casefold-fs.py MOUNTPOINT -f -o root=BACKING,...
Kernel caches are turned off by the caller (entry_timeout=0, attr_timeout=0,
negative_timeout=0) so that every lookup reaches the folding below; `use_ino` passes the
backing inode numbers through, so dev/ino checks see real identities.

Written against Debian's python3-fuse (the high-level, path-based libfuse 2 API).
"""

import errno
import os
import sys
import unicodedata

import fuse
from fuse import Fuse

fuse.fuse_python_api = (0, 2)


def fold(name):
    """The key two names share when this file system takes them for one."""
    return unicodedata.normalize('NFD', unicodedata.normalize('NFD', name).casefold())


class CaseFoldFs(Fuse):
    def __init__(self, *args, **kw):
        Fuse.__init__(self, *args, **kw)
        self.root = None

    def real(self, path):
        """The backing path for `path`: each component matched to an existing name by fold."""
        cur = self.root
        for comp in path.split('/'):
            if comp == '':
                continue
            want = fold(comp)
            found = comp
            try:
                for e in os.listdir(cur):
                    if fold(e) == want:
                        found = e
                        break
            except OSError:
                pass
            cur = os.path.join(cur, found)
        return cur

    def fresh(self, path):
        """The backing path for a name about to be created: EEXIST when it folds to one that exists."""
        real = self.real(path)
        if os.path.lexists(real):
            raise OSError(errno.EEXIST, 'exists (case/normalisation-insensitive)', path)
        return real

    def getattr(self, path):
        return os.lstat(self.real(path))

    def readlink(self, path):
        return os.readlink(self.real(path))

    def readdir(self, path, offset):
        # With use_ino every entry needs its inode number: readdir(3) skips d_ino 0.
        real = self.real(path)
        yield fuse.Direntry('.', ino=os.lstat(real).st_ino)
        yield fuse.Direntry('..', ino=1)
        with os.scandir(real) as it:
            for e in it:
                yield fuse.Direntry(e.name, ino=e.inode())

    def unlink(self, path):
        os.unlink(self.real(path))

    def rmdir(self, path):
        os.rmdir(self.real(path))

    def symlink(self, target, path):
        os.symlink(target, self.fresh(path))

    def rename(self, old, new):
        os.rename(self.real(old), self.real(new))

    def link(self, target, path):
        os.link(self.real(target), self.fresh(path))

    def chmod(self, path, mode):
        os.chmod(self.real(path), mode)

    def chown(self, path, uid, gid):
        os.chown(self.real(path), uid, gid, follow_symlinks=False)

    def truncate(self, path, length):
        os.truncate(self.real(path), length)

    def mknod(self, path, mode, dev):
        os.mknod(self.fresh(path), mode, dev)

    def mkdir(self, path, mode):
        os.mkdir(self.fresh(path), mode)

    def utimens(self, path, ts_acc, ts_mod):
        os.utime(self.real(path), ns=(ts_acc.tv_sec * 10**9 + ts_acc.tv_nsec, ts_mod.tv_sec * 10**9 + ts_mod.tv_nsec), follow_symlinks=False)

    def access(self, path, mode):
        if not os.access(self.real(path), mode):
            return -errno.EACCES

    def statfs(self):
        return os.statvfs(self.root)

    def main(self, *a, **kw):
        fs = self

        class File(object):
            def __init__(self, path, flags, *mode):
                real = fs.fresh(path) if (flags & os.O_CREAT and flags & os.O_EXCL) else fs.real(path)
                self.fd = os.open(real, flags, *mode)

            def read(self, length, offset):
                return os.pread(self.fd, length, offset)

            def write(self, buf, offset):
                return os.pwrite(self.fd, buf, offset)

            def release(self, flags):
                os.close(self.fd)

            def flush(self):
                pass

            def fsync(self, isfsyncfile):
                os.fsync(self.fd)

            def fgetattr(self):
                return os.fstat(self.fd)

            def ftruncate(self, length):
                os.ftruncate(self.fd, length)

        self.file_class = File
        return Fuse.main(self, *a, **kw)


def main():
    server = CaseFoldFs(version='%prog ' + fuse.__version__, usage=Fuse.fusage, dash_s_do='setsingle')
    server.multithreaded = False
    server.parser.add_option(mountopt='root', metavar='PATH', help='backing directory')
    server.parse(values=server, errex=1)
    if server.root is None:
        print('casefold-fs: -o root=BACKING is required', file=sys.stderr)
        sys.exit(2)
    server.root = os.path.abspath(server.root)
    server.main()


if __name__ == '__main__':
    main()
