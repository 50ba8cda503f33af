/* Copying a pointer's own value: sizeof of the pointer is the right size here. */
#include <string.h>

void store_pointer(unsigned char *slot, void *data)
{
    memcpy(slot, &data, sizeof(data)); /* the bytes of the pointer itself */
}

void *load_pointer(const unsigned char *slot)
{
    void *data;
    memcpy(&data, slot, sizeof data);
    return data;
}
