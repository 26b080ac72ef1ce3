"""The import upload, cut off at MAX_BYTES while it streams in, before anything parses it.

Django would otherwise write a 50 MB upload to a temporary file before the form could refuse it.
`CappedUpload` keeps a file in memory up to the cap and, past it, only counts: the form then sees
a file whose `size` is over the cap and says so beside the field, and nothing was kept.
"""

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers

from workshop.interchange.importer import MAX_BYTES


class CappedUpload(FileUploadHandler):
    def __init__(self, request=None, limit=MAX_BYTES):
        super().__init__(request)
        self.limit = limit

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer, self.received = io.BytesIO(), 0
        raise StopFutureHandlers  # no other handler stores this file

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received <= self.limit:
            self.buffer.write(raw_data)
        elif self.buffer.tell():
            self.buffer = io.BytesIO()  # over the cap: drop what was kept, count the rest
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer,
            self.field_name,
            self.file_name,
            self.content_type,
            self.received,
            self.charset,
            self.content_type_extra,
        )
