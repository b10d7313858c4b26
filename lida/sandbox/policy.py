"""The allow- and deny-lists shared by the AST pre-check and the in-worker guards (one place to audit)."""

from __future__ import annotations

#: Top-level modules chart code may import.
ALLOWED_IMPORTS = frozenset(
    {
        "altair", "pandas", "numpy", "math", "statistics", "datetime", "re", "json", "collections",
        "itertools", "functools", "string", "textwrap", "decimal", "fractions", "random", "typing",
        "dataclasses", "calendar", "time", "operator", "enum", "numbers", "__future__", "copy",
        "bisect", "heapq", "zoneinfo",
    }
)  # fmt: skip

#: Builtins chart code may not name at all.
FORBIDDEN_NAMES = frozenset(
    {
        "eval", "exec", "compile", "open", "__import__", "globals", "locals", "vars", "breakpoint",
        "input", "setattr", "delattr", "memoryview", "help", "exit", "quit", "__builtins__",
        "__loader__", "__spec__",
    }
)  # fmt: skip

#: Builtins chart code may only call directly with a string literal as the attribute name.
LITERAL_ATTR_CALLS = frozenset({"getattr", "hasattr"})

#: Attribute names that lead to the OS, the interpreter's internals, or files, whatever object they hang off.
FORBIDDEN_ATTRS = frozenset(
    {
        # modules reachable through allowed modules' attributes (pd.io.common.os, np.ctypeslib, ...)
        "os", "sys", "subprocess", "builtins", "importlib", "shutil", "socket", "ctypes", "ctypeslib",
        "f2py", "distutils", "pickle", "marshal", "pty", "signal", "threading", "multiprocessing",
        "gc", "inspect", "io", "compat", "testing", "utils", "pa", "pyarrow", "lib", "resource",
        "posix", "tempfile", "pathlib", "urllib", "http", "request", "ssl", "asyncio", "codecs",
        "mmap", "fcntl", "types", "tracemalloc", "weakref", "platform", "site", "runpy", "zipimport",
        "pkgutil", "webbrowser", "glob", "fnmatch", "warnings", "atexit", "faulthandler",
        # process, environment and file operations
        "system", "popen", "spawn", "fork", "forkpty", "execv", "execve", "execvp", "kill", "killpg",
        "environ", "getenv", "putenv", "unsetenv", "remove", "unlink", "rmdir", "rename", "replace_file",
        "chmod", "chown", "symlink", "truncate", "fdopen", "dup2", "write_text", "write_bytes",
        "read_text", "read_bytes", "mkdir", "rmtree", "copyfile", "Popen", "run_module", "exec_module",
        "import_module", "load_module", "find_spec",
        # pandas / numpy / altair file and pickle I/O
        "to_csv", "to_pickle", "to_parquet", "to_feather", "to_excel", "to_hdf", "to_sql", "to_stata",
        "to_orc", "to_clipboard", "to_latex", "to_html", "to_markdown", "to_xml", "to_gbq", "to_string",
        "save", "savez", "savez_compressed", "savetxt", "tofile", "load", "loads", "loadtxt", "fromfile",
        "genfromtxt", "memmap", "from_json", "from_dict_file", "read_pickle", "eval", "exec",
        "Formatter", "attrgetter", "methodcaller", "format_map", "ExcelWriter", "HDFStore",
        "register_at_fork", "set_trace", "f_globals", "f_locals", "f_back", "gi_frame", "cr_frame",
        "tb_frame", "co_code", "mro",
    }
)  # fmt: skip

#: Attribute-name prefixes refused for the same reason (pd.read_csv, np.lib.npyio, ...).
FORBIDDEN_ATTR_PREFIXES = ("_", "read_", "to_pickle", "spawn", "exec", "fork", "npyio")

#: Methods whose string argument is interpreted (attribute lookups, expressions): literal strings only.
LITERAL_ARG_METHODS = frozenset({"format", "query"})

#: Modules nothing may load once chart code runs, even lazily from inside a library. (Modules already
#: loaded before the guard are reached through sys.modules without an import event; what they can do is
#: stopped by the audit events they raise instead.) vegafusion deadlocks in a forked process.
DENIED_IMPORTS = frozenset(
    {
        "ctypes", "_ctypes", "subprocess", "_posixsubprocess", "socket", "_socket", "ssl", "_ssl",
        "pty", "tty", "multiprocessing", "_multiprocessing", "asyncio", "concurrent", "http", "urllib",
        "ftplib", "smtplib", "poplib", "imaplib", "telnetlib", "xmlrpc", "webbrowser", "mmap", "fcntl",
        "resource", "marshal", "shelve", "dbm", "sqlite3", "_sqlite3", "code", "codeop", "pdb", "bdb",
        "faulthandler", "tracemalloc", "runpy", "zipimport", "_posixshmem", "readline", "curses",
        "vegafusion", "pickle", "_pickle", "cloudpickle", "dill", "joblib",
    }
)  # fmt: skip
