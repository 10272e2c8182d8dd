"""Files added with ``addFile``/``addPyFile`` and found with ``SparkFiles.get``.

Called on the driver by ``SparkContext.addFile``/``addPyFile``, and on
executors by ``SparkFiles.get`` and by ``executor.run_task`` (for py-files).

Executors are short-lived and share nothing with the driver, so an added file
(or every file of an added directory) is uploaded, sealed, to the work store
under ``APP/files/NAME``. ``SparkFiles.get(NAME)`` returns a path under the
process's root directory; on an executor the file is fetched there the first
time it is asked for (written to a temporary name and renamed, so concurrent
tasks never see half a file). The driver keeps its own copy, as PySpark's does.
Py-files are fetched before a task loads its stage code and put on
``sys.path`` (a ``.py`` through its directory, a ``.zip``/``.egg`` itself).
A warm executor (a Lambda instance) outlives applications: when a task of
another application arrives, the previous one's py-files leave ``sys.path``
and the modules imported from them leave ``sys.modules``, so a changed module
of the same name is imported afresh.
An archive added with ``addArchive`` (``.zip``, ``.jar``, ``.tar``, ``.tar.gz``,
``.tgz``; ``path#name`` renames it) is uploaded as it is, under
``APP/archives/NAME``, and unpacked into the directory ``NAME`` of the root:
on the driver when added, on an executor before the application's first task
there (unpacked into a staging directory and renamed into place), so
``SparkFiles.get(NAME)`` is that directory, as in Spark.
A site bundle (the application's pip packages, ``userdeps.py``) is fetched
and unpacked once per process into a directory named by its digest, which
outlives the application so that warm executors reuse it.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import tarfile
import tempfile
import zipfile

from . import storage
from .errors import InputError, ObjectNotFoundError
from .serializers import seal, unseal
from .taskcontext import TaskContext


def _prefix(app_id: str) -> str:
    return f"{app_id}/files/"


def executor_root(local_dir: str, app_id: str) -> str:
    return os.path.join(local_dir, "spark-lambda-files", app_id)


class SparkFiles:
    """Paths of files added with ``SparkContext.addFile``, on the driver and in tasks."""

    def __init__(self):
        raise NotImplementedError("Do not construct SparkFiles objects; use its class methods.")

    @classmethod
    def getRootDirectory(cls) -> str:
        """The directory holding added files in this process."""
        tc = TaskContext.get()
        if tc is not None:
            return executor_root(tc.local_dir, tc.task.app_id)
        if AddedFiles.active is None:
            raise RuntimeError("SparkFiles needs an active SparkContext on the driver, or a running task.")
        return AddedFiles.active.root

    @classmethod
    def get(cls, filename: str) -> str:
        """The absolute path of a file added with ``addFile`` (fetched first in a task), or
        the directory an archive added with ``addArchive`` was unpacked into."""
        path = os.path.abspath(os.path.join(cls.getRootDirectory(), filename))
        tc = TaskContext.get()
        if tc is not None and not os.path.exists(path):
            if filename in (tc.task.conf.get("archive_kinds") or {}):
                fetch_archive(tc, filename)
            else:
                fetch(tc, filename, path)
        return path


def fetch(tc, name: str, path: str) -> None:
    """Download added file (or directory) ``name`` to ``path``; missing names are left missing."""
    key = _prefix(tc.task.app_id) + name
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        _write_atomic(path, unseal(tc.secret, tc.work.get(key), f"added file {name}"))
        return
    except ObjectNotFoundError:
        pass
    entries = list(tc.work.list(key + "/"))
    if not entries:
        return
    staging = tempfile.mkdtemp(dir=os.path.dirname(path), prefix=f".{name}.")
    for info in entries:
        rel = info.key[len(key) + 1:]
        target = os.path.join(staging, *rel.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(unseal(tc.secret, tc.work.get(info.key), f"added file {name}/{rel}"))
    try:
        os.rename(staging, path)
    except OSError:  # another task fetched it first
        shutil.rmtree(staging, ignore_errors=True)


ARCHIVE_EXTENSIONS = (".zip", ".jar", ".tar", ".tar.gz", ".tgz")


def _archive_key(app_id: str, name: str) -> str:
    return f"{app_id}/archives/{name}"


def unpack_archive(source: str, kind: str, dest: str) -> None:
    """Unpack archive ``source`` (whose file name ``kind`` ends as it does) into new directory
    ``dest``, atomically: members go to a staging directory renamed into place."""
    if os.path.isdir(dest):
        return
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    staging = tempfile.mkdtemp(dir=os.path.dirname(dest), prefix=f".{os.path.basename(dest)}.")
    try:
        if kind.lower().endswith((".zip", ".jar")):
            with zipfile.ZipFile(source) as zf:
                zf.extractall(staging)    # member names are made relative and kept inside
        else:
            with tarfile.open(source) as tf:
                tf.extractall(staging, filter="data")  # no links or paths leading outside
        os.rename(staging, dest)
    except OSError:
        if not os.path.isdir(dest):      # unless another task unpacked it first
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def fetch_archive(tc, name: str) -> None:
    """Download archive ``name`` and unpack it into the root's directory ``name``."""
    dest = os.path.join(executor_root(tc.local_dir, tc.task.app_id), name)
    if os.path.isdir(dest):
        return
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(dest), prefix=".archive-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(unseal(tc.secret, tc.work.get(_archive_key(tc.task.app_id, name)),
                           f"added archive {name}"))
        unpack_archive(tmp, tc.task.conf["archive_kinds"][name], dest)
    finally:
        os.unlink(tmp)


def _write_atomic(path: str, data) -> None:
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".fetch-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def _site_dir(tc, name: str) -> str:
    """The unpacked directory of site bundle ``name`` (fetched and unpacked the first time)."""
    path = os.path.join(tc.local_dir, "spark-lambda-site", name[:-len(".zip")])
    if os.path.isdir(path):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    staging = tempfile.mkdtemp(dir=os.path.dirname(path), prefix=f".{os.path.basename(path)}.")
    archive = os.path.join(staging, name)
    fetch(tc, name, archive)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(os.path.join(staging, "site"))
    try:
        os.rename(os.path.join(staging, "site"), path)
    except OSError:  # another task unpacked it first
        pass
    shutil.rmtree(staging, ignore_errors=True)
    return path


_last_app: dict = {"app_id": None, "root": None}


def _forget_previous_app(tc) -> None:
    app_id = tc.task.app_id
    old_root = _last_app["root"]
    if _last_app["app_id"] not in (None, app_id) and old_root:
        sys.path[:] = [p for p in sys.path if not (p == old_root or p.startswith(old_root + os.sep))]
        for name, module in list(sys.modules.items()):
            path = getattr(module, "__file__", None) or ""
            if path.startswith(old_root + os.sep):
                del sys.modules[name]
        shutil.rmtree(old_root, ignore_errors=True)
        importlib.invalidate_caches()
    _last_app.update(app_id=app_id, root=executor_root(tc.local_dir, app_id))


def prepare_py_files(tc) -> None:
    """Unpack the task's archives, fetch its py-files and site bundles and put them on
    ``sys.path`` (called before stage code loads)."""
    _forget_previous_app(tc)
    for name in tc.task.conf.get("archive_kinds") or {}:
        fetch_archive(tc, name)
    names = tc.task.conf.get("py_files") or []
    sites = tc.task.conf.get("site_packages") or []
    if not names and not sites:
        return
    root = executor_root(tc.local_dir, tc.task.app_id)
    changed = False
    for name in sites:
        entry = _site_dir(tc, name)
        if entry not in sys.path:
            sys.path.append(entry)
            changed = True
    for name in names:
        path = os.path.join(root, name)
        if not os.path.exists(path):
            fetch(tc, name, path)
        entry = root if name.endswith(".py") else path
        if entry not in sys.path:
            sys.path.insert(0, entry)
            changed = True
    if changed:
        importlib.invalidate_caches()


class AddedFiles:
    """The driver's record of added files: uploads them and keeps the driver's copies.
    ``active`` is the active SparkContext's record (``SparkFiles`` on the driver reads it)."""

    active: "AddedFiles | None" = None

    def __init__(self, sc):
        self.sc = sc
        self.root = os.path.join(sc.executor_conf.get("local_dir") or tempfile.gettempdir(),
                                 "spark-lambda-files", f"{sc.app_id}-driver")
        self.added: dict[str, str] = {}   # name -> the URL it was added from
        self.archives: dict[str, str] = {}  # name -> the URI it was added from (#name if renamed)
        self.py_files: list[str] = []
        self.site_bundles: list[str] = []

    def add(self, path: str, recursive: bool = False) -> str | None:
        """Upload ``path`` (a local path or store URL); returns its name, None if already added."""
        path = os.fspath(path)
        scheme, _, _ = storage.split_url(path)
        url = "file:" + storage.split_url(path)[2] if scheme == "file" else path
        name = os.path.basename(path.rstrip("/"))
        if name in self.added:
            if self.added[name] == url:
                return None
            raise ValueError(f"A file named {name!r} was already added from {self.added[name]}; "
                             f"cannot also add {url}. Rename one of them.")
        store, key = storage.resolve(path, self.sc.store_options)
        files = self._files(store, key, path, recursive)
        work, secret = self.sc.work_store, self.sc.secret
        target = os.path.join(self.root, name)
        for rel, src_key in files:
            data = store.get(src_key)
            work.put(_prefix(self.sc.app_id) + name + (f"/{rel}" if rel else ""), seal(secret, data))
            local = os.path.join(target, *rel.split("/")) if rel else target
            os.makedirs(os.path.dirname(local), exist_ok=True)
            with open(local, "wb") as f:
                f.write(data)
        self.added[name] = url
        return name

    @staticmethod
    def _files(store, key: str, path: str, recursive: bool) -> list[tuple[str, str]]:
        if store.exists(key):
            return [("", key)]
        base = key.rstrip("/") + "/"
        found = [(i.key[len(base):], i.key) for i in store.list(base)]
        if not found:
            raise InputError(f"addFile: {path} does not exist.")
        if not recursive:
            raise InputError(f"addFile: {path} is a directory; pass recursive=True to add a directory.")
        return found

    def add_py_file(self, path: str) -> None:
        name = self.add(path) or os.path.basename(os.fspath(path).rstrip("/"))
        if name not in self.py_files:
            self.py_files.append(name)
            self.sc.executor_conf["py_files"] = list(self.py_files)
        entry = self.root if name.endswith(".py") else os.path.join(self.root, name)
        if entry not in sys.path:
            sys.path.insert(0, entry)
            importlib.invalidate_caches()

    def add_archive(self, path: str) -> None:
        """Upload archive ``path`` (``path#name`` to rename it) for tasks to unpack, and unpack
        it on the driver; adding the same path again is ignored."""
        path, _, alias = os.fspath(path).partition("#")
        kind = os.path.basename(path.rstrip("/"))
        name = alias or kind
        if not kind.lower().endswith(ARCHIVE_EXTENSIONS):
            raise InputError(f"addArchive: {path} is not an archive; use one of "
                             f"{', '.join(ARCHIVE_EXTENSIONS)} (or addFile for other files).")
        uri = storage.uri(path) + (f"#{alias}" if alias else "")
        if name in self.archives or name in self.added:
            if self.archives.get(name) == uri:
                return
            raise ValueError(f"A file or archive named {name!r} was already added; cannot also add "
                             f"{uri}. Rename it with {path}#other_name.")
        store, key = storage.resolve(path, self.sc.store_options)
        if not store.exists(key):
            raise InputError(f"addArchive: {path} does not exist.")
        data = store.get(key)
        self.sc.work_store.put(_archive_key(self.sc.app_id, name), seal(self.sc.secret, data))
        os.makedirs(self.root, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".archive-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            unpack_archive(tmp, kind, os.path.join(self.root, name))
        except (OSError, zipfile.BadZipFile, tarfile.TarError) as e:
            raise InputError(f"addArchive: cannot unpack {path}: {e}") from None
        finally:
            os.unlink(tmp)
        self.archives[name] = uri
        kinds = self.sc.executor_conf.setdefault("archive_kinds", {})
        kinds[name] = kind

    def add_site_bundle(self, path: str) -> None:
        """Upload a site bundle (``context.dependencies.build_site_bundle``) for executors to unpack."""
        name = self.add(path) or os.path.basename(path)
        self.site_bundles.append(name)
        sites = self.sc.executor_conf.setdefault("site_packages", [])
        if name not in sites:
            sites.append(name)

    def cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        local = self.sc.executor_conf.get("local_dir") or tempfile.gettempdir()
        shutil.rmtree(executor_root(local, self.sc.app_id), ignore_errors=True)
