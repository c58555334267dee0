#!/usr/bin/python
# The tutorial's Flask application; the port may be given as the first
# argument.
import os
import sys
from flask import Flask, request

app = Flask(__name__)

@app.route("/")
def home():
    return 'This is home page'

@app.route("/upload", methods=['POST'])
def handleFileUpload():
    msg = 'failed to upload image'
    if 'image' in request.files:
        photo = request.files['image']
        if photo.filename != '':
            photo.save(os.path.join('.', photo.filename))
            msg = 'image uploaded successfully'
    return msg

if __name__ == '__main__':
    app.run(port=int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
