from flask import Flask, jsonify

app = Flask(__name__)

# The accessories the avatar can wear. Uncomment the last line to add glasses.
ACCESSORIES = {
    'hat': ['cap', 'beanie'],
    # 'other': ['accessory']
}


@app.route('/api/avatar/spec')
def spec():
    return jsonify(ACCESSORIES)


if __name__ == '__main__':
    app.run(host='0.0.0.0', port=5734, debug=True)
