/**
 * Part of the model of wdm.h: routines that are inline in the WDK (list manipulation with the
 * WDK's corruption checks, the Interlocked family), written in C so the interpreter runs them.
 */
export const INLINE_H = String.raw`
/* Lists: inline in the WDK, so interpreted here. */
FORCEINLINE VOID InitializeListHead(PLIST_ENTRY ListHead) { ListHead->Flink = ListHead->Blink = ListHead; }
FORCEINLINE BOOLEAN IsListEmpty(const LIST_ENTRY *ListHead) { return (BOOLEAN)(ListHead->Flink == ListHead); }
FORCEINLINE BOOLEAN RemoveEntryList(PLIST_ENTRY Entry) {
    PLIST_ENTRY Blink = Entry->Blink;
    PLIST_ENTRY Flink = Entry->Flink;
    if (Flink->Blink != Entry || Blink->Flink != Entry) {
        KeBugCheckEx(0x139, 3, (ULONG_PTR)Entry, 0, 0);
    }
    Blink->Flink = Flink;
    Flink->Blink = Blink;
    return (BOOLEAN)(Flink == Blink);
}
FORCEINLINE PLIST_ENTRY RemoveHeadList(PLIST_ENTRY ListHead) {
    PLIST_ENTRY Entry = ListHead->Flink;
    PLIST_ENTRY Flink = Entry->Flink;
    if (Entry->Blink != ListHead || Flink->Blink != Entry) {
        KeBugCheckEx(0x139, 3, (ULONG_PTR)ListHead, 0, 0);
    }
    ListHead->Flink = Flink;
    Flink->Blink = ListHead;
    return Entry;
}
FORCEINLINE PLIST_ENTRY RemoveTailList(PLIST_ENTRY ListHead) {
    PLIST_ENTRY Entry = ListHead->Blink;
    PLIST_ENTRY Blink = Entry->Blink;
    if (Entry->Flink != ListHead || Blink->Flink != Entry) {
        KeBugCheckEx(0x139, 3, (ULONG_PTR)ListHead, 0, 0);
    }
    ListHead->Blink = Blink;
    Blink->Flink = ListHead;
    return Entry;
}
FORCEINLINE VOID InsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry) {
    PLIST_ENTRY Blink = ListHead->Blink;
    if (Blink->Flink != ListHead) {
        KeBugCheckEx(0x139, 3, (ULONG_PTR)ListHead, 0, 0);
    }
    Entry->Flink = ListHead;
    Entry->Blink = Blink;
    Blink->Flink = Entry;
    ListHead->Blink = Entry;
}
FORCEINLINE VOID InsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry) {
    PLIST_ENTRY Flink = ListHead->Flink;
    if (Flink->Blink != ListHead) {
        KeBugCheckEx(0x139, 3, (ULONG_PTR)ListHead, 0, 0);
    }
    Entry->Flink = Flink;
    Entry->Blink = ListHead;
    Flink->Blink = Entry;
    ListHead->Flink = Entry;
}
FORCEINLINE VOID AppendTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListToAppend) {
    PLIST_ENTRY ListEnd = ListHead->Blink;
    ListHead->Blink->Flink = ListToAppend;
    ListHead->Blink = ListToAppend->Blink;
    ListToAppend->Blink->Flink = ListHead;
    ListToAppend->Blink = ListEnd;
}
FORCEINLINE PSINGLE_LIST_ENTRY PopEntryList(PSINGLE_LIST_ENTRY ListHead) {
    PSINGLE_LIST_ENTRY FirstEntry = ListHead->Next;
    if (FirstEntry != NULL) ListHead->Next = FirstEntry->Next;
    return FirstEntry;
}
FORCEINLINE VOID PushEntryList(PSINGLE_LIST_ENTRY ListHead, PSINGLE_LIST_ENTRY Entry) {
    Entry->Next = ListHead->Next;
    ListHead->Next = Entry;
}

/* Interlocked operations: the simulation runs one processor at a time, so plain C is atomic. */
FORCEINLINE LONG InterlockedIncrement(LONG volatile *Addend) { return ++*Addend; }
FORCEINLINE LONG InterlockedDecrement(LONG volatile *Addend) { return --*Addend; }
FORCEINLINE LONG InterlockedExchange(LONG volatile *Target, LONG Value) { LONG Old = *Target; *Target = Value; return Old; }
FORCEINLINE LONG InterlockedExchangeAdd(LONG volatile *Addend, LONG Value) { LONG Old = *Addend; *Addend = Old + Value; return Old; }
FORCEINLINE LONG InterlockedAdd(LONG volatile *Addend, LONG Value) { return *Addend += Value; }
FORCEINLINE LONG InterlockedCompareExchange(LONG volatile *Destination, LONG ExChange, LONG Comperand) {
    LONG Old = *Destination; if (Old == Comperand) *Destination = ExChange; return Old;
}
FORCEINLINE LONG InterlockedOr(LONG volatile *Destination, LONG Value) { LONG Old = *Destination; *Destination = Old | Value; return Old; }
FORCEINLINE LONG InterlockedAnd(LONG volatile *Destination, LONG Value) { LONG Old = *Destination; *Destination = Old & Value; return Old; }
FORCEINLINE LONG64 InterlockedIncrement64(LONG64 volatile *Addend) { return ++*Addend; }
FORCEINLINE LONG64 InterlockedDecrement64(LONG64 volatile *Addend) { return --*Addend; }
FORCEINLINE LONG64 InterlockedExchange64(LONG64 volatile *Target, LONG64 Value) { LONG64 Old = *Target; *Target = Value; return Old; }
FORCEINLINE LONG64 InterlockedExchangeAdd64(LONG64 volatile *Addend, LONG64 Value) { LONG64 Old = *Addend; *Addend = Old + Value; return Old; }
FORCEINLINE LONG64 InterlockedAdd64(LONG64 volatile *Addend, LONG64 Value) { return *Addend += Value; }
FORCEINLINE LONG64 InterlockedCompareExchange64(LONG64 volatile *Destination, LONG64 ExChange, LONG64 Comperand) {
    LONG64 Old = *Destination; if (Old == Comperand) *Destination = ExChange; return Old;
}
FORCEINLINE PVOID InterlockedExchangePointer(PVOID volatile *Target, PVOID Value) { PVOID Old = *Target; *Target = Value; return Old; }
FORCEINLINE PVOID InterlockedCompareExchangePointer(PVOID volatile *Destination, PVOID ExChange, PVOID Comperand) {
    PVOID Old = *Destination; if (Old == Comperand) *Destination = ExChange; return Old;
}
`;
