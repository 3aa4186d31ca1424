# pinion-gdb.py — gdb support for programs transformed by Pinion.
#
# An async function NAME becomes a frame, `struct NAME__frame`, and a poll
# function, NAME__poll.  A suspended task is nothing but such a frame: its
# pn__hdr.pn__state says which await it is parked on, its other fields are
# the arguments and the locals that live across awaits, and a union of
# child frames (one member per await point, named ...k for await k) holds
# the frame of the call it is awaiting.  An await through a pointer to an
# async function holds instead a slot whose pn__d (struct pn__dyn__frame)
# points to the callee's frame in the runtime's pools, pn__d.pn__vt->name
# naming the callee: that frame is followed the same way, as
# "awaiting (through a pointer)".  This file teaches gdb
# to show that in the terms of the original source:
#
#   print *frame      a pretty-printer for every `struct NAME__frame`:
#                     "NAME: parked at await on line N (await(...))",
#                     the locals, and the in-flight child, recursively
#   pn-frame [EXPR]   the frame of the poll function selected in gdb (or
#                     the frame EXPR points to) as an indented tree
#   pn-task EXPR      the same for a task handle (pn_task *), e.g. the one
#                     pn_spawn returned
#   pn-tasks [-v]     every task of the selected thread's runtime (and of its
#                     pool, on a worker of one), each with
#                     its chain of awaits from root to leaf (-v: with the
#                     locals of every frame); also on a core file
#
# Load it with `source <prefix>/share/pinion/pinion-gdb.py` (or from the
# source tree, tools/pinion-gdb.py); docs/debugging.md explains the rest.
#
# Which source line state k stands for comes, in order of preference, from
# a table the transformer emits (NAME__state_lines[k], and the await text
# NAME__state_exprs[k] when present), or from the resume labels of
# NAME__poll (pn__resume_k / pn__await_k), whose line the #line directives
# map to the original await.  The await text is otherwise read from the
# original source line.

import re

import gdb

STATE_DONE = 0xFFFFFFFF
FRAME_TYPE = re.compile(r"^(?:struct\s+)?([A-Za-z_]\w*?)__frame$")
RESUME_LABEL = re.compile(r"^pn__(?:resume|await)_?(\d+)$")
CHILD_MEMBER = re.compile(r"(\d+)$")
# pn_task.pn__chunk_off counts 8-byte units back to the chunk header.
TASK_CHUNK_UNIT = 8
# A handle carries its task's generation in bits 48-55 (runtime/src/core.h).
HANDLE_GEN_MASK = 0xFF << 48


def _frame_name(type_):
    """NAME for a `struct NAME__frame` type (typedefs looked through), else None."""
    t = type_.strip_typedefs()
    if t.code != gdb.TYPE_CODE_STRUCT or t.tag is None:
        return None
    m = FRAME_TYPE.match(t.tag)
    return m.group(1) if m else None


def _lookup_symbol(name):
    sym = gdb.lookup_global_symbol(name)
    if sym is None:
        try:
            sym = gdb.lookup_static_symbol(name)
        except (AttributeError, gdb.error):
            sym = None
    return sym


class _Sites:
    """State number -> (file, line, await text) for one async function."""

    _cache = {}

    @classmethod
    def of(cls, name):
        if name not in cls._cache:
            cls._cache[name] = cls._find(name)
        return cls._cache[name]

    @classmethod
    def _find(cls, name):
        sites = cls._from_table(name)
        if not sites:
            sites = cls._from_labels(name)
        return sites

    @staticmethod
    def _from_table(name):
        lines = _lookup_symbol(name + "__state_lines")
        if lines is None:
            return {}
        exprs = _lookup_symbol(name + "__state_exprs")
        filename = lines.symtab.fullname() if lines.symtab else None
        sites = {}
        try:
            table = lines.value()
            low, high = table.type.range()
            for k in range(low + 1, high + 1):
                text = None
                if exprs is not None:
                    ptr = exprs.value()[k]
                    text = ptr.string() if int(ptr) != 0 else None
                sites[k] = (filename, int(table[k]), text)
        except gdb.error:
            return {}
        return sites

    @staticmethod
    def _from_labels(name):
        poll = _lookup_symbol(name + "__poll")
        if poll is None or poll.type is None or poll.type.code != gdb.TYPE_CODE_FUNC:
            return {}
        try:
            start = int(poll.value().address)
            top = gdb.block_for_pc(start)
        except (gdb.error, RuntimeError):
            return {}
        while top is not None and top.function is None:
            top = top.superblock
        if top is None:
            return {}
        # Labels live in whichever lexical block holds them: visit every
        # block the function's instructions belong to.
        blocks, seen = [], set()
        arch = gdb.selected_inferior().architecture()
        for insn in arch.disassemble(top.start, top.end - 1):
            b = gdb.block_for_pc(insn["addr"])
            while b is not None and (b.start, b.end) not in seen:
                seen.add((b.start, b.end))
                blocks.append(b)
                if b.function is not None:
                    break
                b = b.superblock
        sites = {}
        for b in blocks:
            for sym in b:
                m = RESUME_LABEL.match(sym.name)
                if not m or sym.addr_class != gdb.SYMBOL_LOC_LABEL:
                    continue
                # The label's own line is wherever the generated text put
                # it; the code at its address is the await's poll, which
                # #line maps to the await.
                try:
                    sal = gdb.find_pc_line(int(sym.value()))
                except (gdb.error, ValueError):
                    continue
                if sal.symtab is not None and sal.line:
                    sites[int(m.group(1))] = (sal.symtab.fullname(), sal.line, None)
        return sites


def _await_text(filename, line):
    """The await(...) written on `line` of `filename`, or None."""
    try:
        with open(filename, encoding="utf-8", errors="replace") as f:
            for i, text in enumerate(f, 1):
                if i == line:
                    break
            else:
                return None
    except (OSError, TypeError):
        return None
    m = re.search(r"\b(?:pn_)?await\s*\(", text)
    if not m:
        return None
    depth, i = 0, m.end() - 1
    while i < len(text):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return text[m.start():i + 1]
        i += 1
    return text[m.start():].strip()


def describe_state(name, state):
    """One line saying where a frame of `name` is, given its pn__state."""
    if state == 0:
        return "not started"
    if state == STATE_DONE:
        return "done"
    site = _Sites.of(name).get(state)
    if site is None:
        return "state %d" % state
    filename, line, text = site
    if text is None and filename:
        text = _await_text(filename, line)
    where = "parked at await on line %d" % line
    return where + (" (%s)" % text if text else "")


def _through_pointer(slot):
    """The callee's frame held by the slot of an await through a pointer
    (a struct whose pn__d is a struct pn__dyn__frame), or None: not such a
    slot, or the callee not set up yet or already released."""
    if slot.type.strip_typedefs().code != gdb.TYPE_CODE_STRUCT:
        return None
    try:
        d = slot["pn__d"]
        frame_ptr, vt = int(d["pn__frame"]), d["pn__vt"]
        if frame_ptr == 0 or int(vt) == 0:
            return None
        name = vt["name"].string()
        ftype = gdb.lookup_type("struct %s__frame" % name)
    except gdb.error:
        return None
    return gdb.Value(frame_ptr).cast(ftype.pointer()).dereference()


def in_flight(frame, state):
    """(the frame value this frame is awaiting, whether through a pointer),
    or (None, False)."""
    if state in (0, STATE_DONE):
        return None, False
    children = None
    for f in frame.type.strip_typedefs().fields():
        if f.name and f.name.startswith("pn__") and \
                f.type.strip_typedefs().code == gdb.TYPE_CODE_UNION:
            children = frame[f.name]
            break
    if children is None:
        return None, False
    fields = [f for f in children.type.strip_typedefs().fields() if f.name]
    chosen = None
    for f in fields:
        m = CHILD_MEMBER.search(f.name)
        if m and int(m.group(1)) == state:
            chosen = f
            break
    if chosen is None:
        return None, False
    child = children[chosen.name]
    # A boxed (heap) child is held through a pointer.
    if child.type.strip_typedefs().code == gdb.TYPE_CODE_PTR:
        if int(child) == 0:
            return None, False
        child = child.dereference()
    if _frame_name(child.type):
        return child, False
    callee = _through_pointer(child)
    return (callee, True) if callee is not None else (None, False)


def in_flight_child(frame, state):
    """The frame value this frame is awaiting, or None."""
    return in_flight(frame, state)[0]


def frame_locals(frame):
    """(name, value) of the fields the user wrote: not pn__-prefixed.

    Locals that are never live at the same time share storage in an
    anonymous union of the frame; they are listed with the others, and the
    ones not live where the frame is parked show whatever their storage
    holds."""
    out = []
    for f in frame.type.strip_typedefs().fields():
        if f.name is None and f.type.strip_typedefs().code == gdb.TYPE_CODE_UNION:
            out.extend(frame_locals(frame[f]))
        elif f.name and not f.name.startswith("pn__"):
            out.append((f.name, frame[f.name]))
    return out


def frame_state(frame):
    return int(frame["pn__hdr"]["pn__state"])


def frame_summary(frame):
    name = _frame_name(frame.type)
    state = frame_state(frame)
    text = "%s: %s" % (name, describe_state(name, state))
    if state == STATE_DONE:
        try:
            text += ", result %s" % frame["pn__ret"]
        except gdb.error:
            pass
    return text


class FramePrinter:
    """`print` of a struct NAME__frame."""

    def __init__(self, val):
        self.val = val

    def to_string(self):
        return frame_summary(self.val)

    def children(self):
        for name, value in frame_locals(self.val):
            yield name, value
        child, dyn = in_flight(self.val, frame_state(self.val))
        if child is not None:
            yield "awaiting (through a pointer)" if dyn else "awaiting", child


def _lookup_printer(val):
    if _frame_name(val.type) is None:
        return None
    try:
        val.type.strip_typedefs()["pn__hdr"]
    except (KeyError, gdb.error):
        return None
    return FramePrinter(val)


def print_tree(frame, indent=0, address=None):
    pad = "  " * indent
    at = " [frame 0x%x]" % address if address is not None else ""
    gdb.write("%s%s%s\n" % (pad, frame_summary(frame), at))
    for name, value in frame_locals(frame):
        try:
            shown = value.format_string(pretty_structs=False, max_elements=16)
        except gdb.error as e:
            shown = "<%s>" % e
        gdb.write("%s  %s = %s\n" % (pad, name, shown))
    child, dyn = in_flight(frame, frame_state(frame))
    if child is not None:
        gdb.write("%s  awaiting%s:\n" % (pad, " (through a pointer)" if dyn else ""))
        print_tree(child, indent + 2, int(child.address) if child.address else None)


def _selected_poll_frame():
    f = gdb.selected_frame()
    fn = f.function()
    if fn is None or not fn.name.endswith("__poll"):
        raise gdb.GdbError("pn-frame: the selected frame is %s, not an async function's poll "
                           "(use `up`/`frame N`, or pass an expression)" %
                           (fn.name if fn else "unknown"))
    name = fn.name[:-len("__poll")]
    block = f.block()
    while block is not None and block.function is None:
        block = block.superblock
    for sym in block:
        if sym.is_argument and sym.type.strip_typedefs().code == gdb.TYPE_CODE_PTR:
            ptr = f.read_var(sym)
            try:
                ftype = gdb.lookup_type("struct %s__frame" % name)
            except gdb.error:
                raise gdb.GdbError("pn-frame: no type struct %s__frame in the debug info" % name)
            return ptr.cast(ftype.pointer()).dereference()
    raise gdb.GdbError("pn-frame: %s has no frame argument" % fn.name)


class PnFrame(gdb.Command):
    """Show an async frame: pn-frame [EXPR]

Without EXPR, the frame of the async function whose poll function is the
selected gdb frame.  EXPR is a frame or a pointer to one (struct NAME__frame)."""

    def __init__(self):
        super().__init__("pn-frame", gdb.COMMAND_DATA, gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        if arg.strip():
            val = gdb.parse_and_eval(arg)
            if val.type.strip_typedefs().code == gdb.TYPE_CODE_PTR:
                val = val.dereference()
            if _frame_name(val.type) is None:
                raise gdb.GdbError("pn-frame: %s is a %s, not a struct NAME__frame" % (arg, val.type))
        else:
            val = _selected_poll_frame()
        print_tree(val, 0, int(val.address) if val.address else None)


class PnTask(gdb.Command):
    """Show the frame of a task: pn-task EXPR

EXPR is a task handle (pn_task *), as pn_spawn returns it.  The task being
polled right now is (pn_task *)pn__tls_runtime.cx.pn__waker."""

    def __init__(self):
        super().__init__("pn-task", gdb.COMMAND_DATA, gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise gdb.GdbError("usage: pn-task EXPR (a pn_task *)")
        task = gdb.parse_and_eval(arg)
        if task.type.strip_typedefs().code != gdb.TYPE_CODE_PTR:
            raise gdb.GdbError("pn-task: %s is a %s, not a pn_task *" % (arg, task.type))
        if int(task) == 0:
            raise gdb.GdbError("pn-task: %s is NULL" % arg)
        # A task sits in a slab chunk whose header names its vtable and
        # where its frame is (runtime/src/core.h, pn__task_chunk and
        # pn__task_frame); libpinion's debug information describes it.
        try:
            chunk_type = gdb.lookup_type("pn__chunk")
        except gdb.error:
            raise gdb.GdbError("pn-task: libpinion was built without debug information "
                               "(no type pn__chunk)")
        task = gdb.Value(int(task) & ~HANDLE_GEN_MASK).cast(gdb.lookup_type("pn_task").pointer())
        chunk_addr = int(task) - int(task["pn__chunk_off"]) * TASK_CHUNK_UNIT
        chunk = gdb.Value(chunk_addr).cast(chunk_type.pointer()).dereference()
        name = chunk["vt"]["name"].string()
        addr = int(task) + int(chunk["frame_off"])
        try:
            ftype = gdb.lookup_type("struct %s__frame" % name)
        except gdb.error:
            raise gdb.GdbError("pn-task: the task runs %s, but struct %s__frame is not in the "
                               "debug information" % (name, name))
        frame = gdb.Value(addr).cast(ftype.pointer()).dereference()
        print_tree(frame, 0, addr)


# pn_task.pn__flags and pn__refs bits (runtime/src/core.h).
TASK_SLOT, TASK_STARTED, TASK_DONE, TASK_CANCELLED, TASK_ROOT = 1, 2, 4, 8, 64
TASK_QUEUED, TASK_FINISHED, TASK_DROPPED, TASK_REF = 1, 8, 16, 1 << 13


def _task_done(t):
    """(done, cancelled) of a task: a single thread's in its flags, a pool
    task's in its atomic word."""
    flags, refs = int(t["pn__flags"]), int(t["pn__refs"])
    if refs & TASK_FINISHED:
        return True, bool(refs & TASK_DROPPED)
    return bool(flags & TASK_DONE), bool(flags & TASK_CANCELLED)


def _task_frame(task):
    """(name, frame value or None, frame address) of a task (a pn_task *)."""
    chunk_type = gdb.lookup_type("pn__chunk")
    chunk_addr = int(task) - int(task["pn__chunk_off"]) * TASK_CHUNK_UNIT
    chunk = gdb.Value(chunk_addr).cast(chunk_type.pointer()).dereference()
    name = chunk["vt"]["name"].string()
    addr = int(task) + int(chunk["frame_off"])
    try:
        ftype = gdb.lookup_type("struct %s__frame" % name)
    except gdb.error:
        return name, None, addr
    return name, gdb.Value(addr).cast(ftype.pointer()).dereference(), addr


def _runtime_tasks(rt):
    """Every task of runtime rt (a pn__runtime value), as pn_task * values:
    the pn_block_on root while it runs, then the slab's slots, class by
    class (what pn_dump_tasks walks)."""
    task_ptr = gdb.lookup_type("pn_task").pointer()
    out = []
    root = rt["root"]
    if rt["running"] and not int(root["pn__flags"]) & TASK_DONE:
        out.append(root.address.cast(task_ptr))
    classes = rt["classes"]
    for i in range(int(classes["cap"])):
        entry = classes["entries"][i]
        if int(entry["key"]) == 0:
            continue
        cls = entry["value"].cast(gdb.lookup_type("pn__slab_class").pointer())
        for head in ("partial", "full"):
            chunk = cls[head]
            while int(chunk) != 0:
                slots, stride = int(chunk["slots"]), int(chunk["stride"])
                for k in range(int(chunk["bump"])):
                    t = gdb.Value(slots + k * stride).cast(task_ptr)
                    flags = int(t["pn__flags"])
                    if not flags & TASK_SLOT or not flags & TASK_STARTED:
                        continue
                    if _task_done(t)[0] and int(t["pn__refs"]) < TASK_REF:
                        continue  # only waits to leave a run queue
                    out.append(t)
                chunk = chunk["next"]
    return out


IO_LEAVES = {"pn_read": "readable", "pn_accept": "readable", "pn_wait_readable": "readable",
             "pn_write": "writable", "pn_write_all": "writable", "pn_connect": "writable",
             "pn_wait_writable": "writable"}


def _leaf_detail(frame):
    """What a leaf of the runtime waits on, as pn_dump_tasks says it, or None."""
    name = _frame_name(frame.type)
    state = frame_state(frame)
    if state in (0, STATE_DONE):
        return None
    try:
        if name == "pn_sleep_ms":
            fired = int(frame["timer"]["pn__waker"]) == 0
            return "timer, deadline %d ms%s" % (int(frame["timer"]["pn__deadline_ms"]),
                                               " (fired)" if fired else "")
        if name in IO_LEAVES:
            return "fd %d, %s" % (int(frame["fd"]), IO_LEAVES[name])
        if name in ("pn_chan_send", "pn_chan_recv"):
            return "channel 0x%x, %s" % (int(frame["c"]),
                                         "send" if name == "pn_chan_send" else "receive")
        if name in ("pn_join", "pn_join_result"):
            task = frame["task"]
            if int(task) == 0:
                return "no task"
            joined, _, _ = _task_frame(task)
            handle = int(task) | ((int(task["pn__gen"]) << 48) & HANDLE_GEN_MASK)
            return "join of task 0x%x (%s)" % (handle, joined)
        if name == "pn_yield":
            return "yielded"
    except gdb.error:
        return None
    return None


def _chain_lines(frame, indent):
    """The chain of awaits below frame: one summary line per frame."""
    pad = "    " * indent
    lines = []
    while frame is not None:
        detail = _leaf_detail(frame)
        if detail is not None:
            lines.append(pad + "%s: %s" % (_frame_name(frame.type), detail))
            break
        lines.append(pad + frame_summary(frame))
        state = frame_state(frame)
        children = _branches(frame, state)
        if len(children) > 1:
            for i, child in enumerate(children):
                lines.append(pad + "    [%d]" % i)
                lines.extend(_chain_lines(child, indent + 2))
            break
        frame = children[0] if children else None
    return lines


def _branches(frame, state):
    """The frames this frame awaits: one, or one per branch of pn_all and
    pn_race (those pn_all finished are left out)."""
    child = in_flight_child(frame, state)
    if child is not None:
        return [child]
    if state in (0, STATE_DONE):
        return []
    for f in frame.type.strip_typedefs().fields():
        if not (f.name and f.name.startswith("pn__") and
                f.type.strip_typedefs().code == gdb.TYPE_CODE_UNION):
            continue
        for m in frame[f.name].type.strip_typedefs().fields():
            n = CHILD_MEMBER.search(m.name or "")
            if not n or int(n.group(1)) != state:
                continue
            group = frame[f.name][m.name]
            if group.type.strip_typedefs().code != gdb.TYPE_CODE_STRUCT:
                return []
            live = None
            names = [g.name for g in group.type.strip_typedefs().fields()]
            if "pn__live" in names:
                live = int(group["pn__live"])
            out = []
            for g in names:
                b = re.match(r"^pn__b(\d+)$", g or "")
                if b and (live is None or live >> int(b.group(1)) & 1):
                    out.append(group[g])
            return out
    return []


class PnTasks(gdb.Command):
    """Show every task of the selected thread's runtime and its pool: pn-tasks [-v]

Each task with its function, whether it is ready, running or parked, and
its chain of awaits from the root frame to the leaf it waits in, as
pn_dump_tasks prints it in the running program.  -v shows the locals of
every frame too.  Works on a live process and on a core file; it reads
the thread-local runtime (pn__tls_runtime) of the selected thread and,
when that thread is a worker of a pool, every pool task of every worker
(the slabs of the pool's homes), which a stopped process holds still.
A pn_spawn_local task of another worker is in that worker's runtime:
select its thread to see it."""

    def __init__(self):
        super().__init__("pn-tasks", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        verbose = arg.strip() == "-v"
        try:
            rt = gdb.parse_and_eval("pn__tls_runtime")
        except gdb.error as e:
            raise gdb.GdbError("pn-tasks: cannot read this thread's runtime (%s); libpinion "
                               "needs debug information" % e)
        if not int(rt["initialised"]):
            gdb.write("pinion: 0 tasks (this thread's runtime never ran)\n")
            return
        tasks = _runtime_tasks(rt)
        running = {int(rt["cx"]["pn__waker"])}
        # A worker of a pool: the pool's tasks are in the slabs of its
        # homes, one per worker; every worker's task being polled is running.
        pool = rt["pool"]
        if int(pool) != 0:
            try:
                for i in range(int(pool["n"])):
                    w = pool["w"][i]
                    tasks += _runtime_tasks(w["home"].dereference())
                    if int(w["rt"]) != 0:
                        running.add(int(w["rt"]["cx"]["pn__waker"]))
            except gdb.error as e:
                gdb.write("(the pool's tasks cannot be read: %s)\n" % e)
        running.discard(0)
        gdb.write("pinion: %d task%s\n" % (len(tasks), "" if len(tasks) == 1 else "s"))
        for t in tasks:
            flags, refs = int(t["pn__flags"]), int(t["pn__refs"])
            name, frame, addr = _task_frame(t)
            done, cancelled = _task_done(t)
            if done:
                what = "cancelled, not yet joined" if cancelled \
                    else "finished, not yet joined"
            elif int(t) in running:
                what = "running"
            elif refs & TASK_QUEUED:
                what = "ready"
            else:
                what = "parked"
            handle = int(t) | ((int(t["pn__gen"]) << 48) & HANDLE_GEN_MASK)
            gdb.write("task 0x%x: %s%s, %s\n" % (handle, name,
                                                  " (pn_block_on)" if flags & TASK_ROOT else "",
                                                  what))
            if done:
                continue
            if frame is None:
                gdb.write("    (struct %s__frame is not in the debug information)\n" % name)
            elif verbose:
                print_tree(frame, 1, addr)
            else:
                for line in _chain_lines(frame, 1):
                    gdb.write(line + "\n")


def register(objfile=None):
    target = objfile if objfile is not None else gdb
    target.pretty_printers.append(_lookup_printer)


register()
# A rebuilt program may have moved its awaits.
gdb.events.new_objfile.connect(lambda event: _Sites._cache.clear())
PnFrame()
PnTask()
PnTasks()
