/* Copying a pointer's own value: sizeof of the pointer is the right size here. */
#include <string.h>

void store_pointer(unsigned char *slot, void *data)
{
    /* the bytes of the pointer itself */
    memcpy(slot, &data, sizeof(data)); // ok: c.sizeof-pointer
}

void *load_pointer(const unsigned char *slot)
{
    void *data;
    memcpy(&data, slot, sizeof data); // ok: c.sizeof-pointer
    return data;
}
